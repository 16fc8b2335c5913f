-- Backup cards (RetryPolicy:BackupCards): the customer's other cards a case has paid with after a hard decline, each once.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS backup_cards_tried text[] NOT NULL DEFAULT '{}';
