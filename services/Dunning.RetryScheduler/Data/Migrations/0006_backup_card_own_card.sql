-- Backup cards after soft declines: while a backup card is paid with, the case's own card, to go back to if the backup declines.
ALTER TABLE $schema$.cases ADD COLUMN IF NOT EXISTS own_card_fingerprint text NULL, ADD COLUMN IF NOT EXISTS own_card_brand text NULL;
