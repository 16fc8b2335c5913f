-- The SMTP server got the whole message but its verdict never came (late reply, lost connection): the email may have gone
-- out, so it is not sent again (decision 003). Such rows are the ones to check in the relay's logs by message_id.
ALTER TABLE $schema$.sent_emails ADD COLUMN IF NOT EXISTS maybe_sent boolean NOT NULL DEFAULT false;
