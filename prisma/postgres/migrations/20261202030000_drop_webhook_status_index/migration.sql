-- Every query of WebhookEvent filters by shop first: this index only cost each intake an insert.
-- DropIndex
DROP INDEX "WebhookEvent_status_idx";
