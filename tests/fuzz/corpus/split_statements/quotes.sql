INSERT INTO t VALUES ('a;b;c'); -- c;
/* ; */ SELECT [x;y];