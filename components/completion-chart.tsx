'use client';
// Tasks completed per day over the last two weeks: plain SVG bars, with a table for screen readers.

import type { Task } from '@/lib/contracts/task';
import { lastDays, localDayKey } from './datetime';

const DAYS = 14;
const WIDTH = 196;
const HEIGHT = 56;
const GAP = 2;

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });

export function CompletionChart({ tasks, now, className }: { tasks: Task[]; now: Date; className?: string }) {
  const days = lastDays(DAYS, now);
  const counts = new Map(days.map((day) => [day.key, 0]));
  for (const task of tasks) {
    if (!task.completed || !task.completedAt) continue;
    const key = localDayKey(new Date(task.completedAt));
    const count = counts.get(key);
    if (count !== undefined) counts.set(key, count + 1);
  }
  const values = days.map((day) => counts.get(day.key) ?? 0);
  const max = Math.max(1, ...values);
  const total = values.reduce((sum, n) => sum + n, 0);
  const barWidth = (WIDTH - GAP * (DAYS - 1)) / DAYS;

  return (
    <figure className={`chart${className ? ` ${className}` : ''}`}>
      <figcaption>
        <span className="chart-title">Completed, last 14 days</span>
        <span className="chart-total">{total}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {values.map((value, index) => {
          const height = value === 0 ? 2 : Math.max(4, (value / max) * (HEIGHT - 4));
          const day = days[index];
          return (
            <rect
              key={day?.key ?? index}
              x={index * (barWidth + GAP)}
              y={HEIGHT - height}
              width={barWidth}
              height={height}
              rx={2}
              className={value === 0 ? 'bar is-zero' : index === DAYS - 1 ? 'bar is-today' : 'bar'}
            >
              <title>{`${day ? dayLabel.format(day.date) : ''}: ${value}`}</title>
            </rect>
          );
        })}
      </svg>
      {/* A table is as wide as its content whatever its own width: hide it through a wrapper. */}
      <div className="visually-hidden">
        <table>
          <caption>Tasks completed per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Completed</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, index) => (
              <tr key={day.key}>
                <th scope="row">{dayLabel.format(day.date)}</th>
                <td>{values[index]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
