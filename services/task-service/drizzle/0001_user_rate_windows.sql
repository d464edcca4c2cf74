CREATE TABLE "user_rate_windows" (
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "user_rate_windows_user_id_kind_window_start_pk" PRIMARY KEY("user_id","kind","window_start")
);
--> statement-breakpoint
CREATE INDEX "user_rate_windows_start_idx" ON "user_rate_windows" USING btree ("window_start");