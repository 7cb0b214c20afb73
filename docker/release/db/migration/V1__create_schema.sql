-- The shop as version 1.0.0 knows it.
CREATE TABLE products (
  sku   VARCHAR(32)   PRIMARY KEY,
  name  VARCHAR(200)  NOT NULL,
  price NUMERIC(10,2) NOT NULL CHECK (price >= 0)
);

INSERT INTO products (sku, name, price) VALUES
  ('TEA-01', 'Green tea, 100 g', 6.50),
  ('TEA-02', 'Black tea, 100 g', 5.90),
  ('MUG-01', 'Blue mug', 12.00);

CREATE TABLE orders (
  id         BIGSERIAL   PRIMARY KEY,
  sku        VARCHAR(32) NOT NULL REFERENCES products (sku),
  quantity   INTEGER     NOT NULL CHECK (quantity > 0),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
