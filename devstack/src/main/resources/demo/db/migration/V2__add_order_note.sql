-- Expand step for 2.0.0: a nullable column with no default, so 1.x (which never writes it)
-- keeps working on this schema while both versions run side by side.
ALTER TABLE orders ADD COLUMN note VARCHAR(500);
