-- SELECT 1: the pure protocol round trip, no table.
SELECT 1;
