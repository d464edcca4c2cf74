import { describe, expect, it } from 'vitest';
import { converseBody } from './conversation';

describe('Conversation API alpha2 request body', () => {
  it('maps each role to its message type and a tool-call round to assistant tool calls and a tool result', () => {
    const body = converseBody({
      messages: [
        { role: 'system', text: 'be brief' },
        { role: 'user', text: 'add milk' },
        { role: 'assistant', text: '', toolCalls: [{ id: 'c1', name: 'add_task', arguments: '{"title":"Milk"}' }] },
        { role: 'tool', toolCallId: 'c1', name: 'add_task', text: '{"id":"t1"}' },
      ],
      tools: [{ name: 'add_task', description: 'Create a task.', parameters: { type: 'object' } }],
    });
    expect(body).toEqual({
      inputs: [
        {
          messages: [
            { ofSystem: { content: [{ text: 'be brief' }] } },
            { ofUser: { content: [{ text: 'add milk' }] } },
            {
              ofAssistant: {
                content: [],
                toolCalls: [{ id: 'c1', function: { name: 'add_task', arguments: '{"title":"Milk"}' } }],
              },
            },
            { ofTool: { toolId: 'c1', name: 'add_task', content: [{ text: '{"id":"t1"}' }] } },
          ],
        },
      ],
      tools: [{ function: { name: 'add_task', description: 'Create a task.', parameters: { type: 'object' } } }],
      toolChoice: 'auto',
    });
  });

  it('sends no tools and no tool choice when there are none', () => {
    expect(converseBody({ messages: [{ role: 'user', text: 'hi' }] })).toEqual({
      inputs: [{ messages: [{ ofUser: { content: [{ text: 'hi' }] } }] }],
    });
  });
});
