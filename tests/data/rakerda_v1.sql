-- rakerda.sqlite as written by planlib main 92629c5 (schema 1, journal_mode wal);
-- sqlite3 iterdump of a database the old store wrote; see tests/test_journal.py.
BEGIN TRANSACTION;
CREATE TABLE faktor_log (
        seq    INTEGER PRIMARY KEY,
        tahun  INTEGER NOT NULL,
        opd    TEXT    NOT NULL CHECK (trim(opd) <> ''),
        aksi   TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        jenis  TEXT    CHECK (jenis IN ('pendorong', 'penghambat')),
        faktor TEXT,
        oleh   TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu  TEXT    NOT NULL,
        batal  INTEGER REFERENCES faktor_log (seq),
        CHECK ((aksi = 'catat') = (batal IS NULL)),
        CHECK (aksi = 'batal' OR (jenis IS NOT NULL AND trim(faktor) <> ''))
    );
INSERT INTO "faktor_log" VALUES(1,2025,'Dinas Kesehatan','catat','pendorong','Dukungan puskesmas','Ani','2026-12-02T00:31:30.239+00:00',NULL);
INSERT INTO "faktor_log" VALUES(2,2025,'Dinas Kesehatan','catat','penghambat','Hujan deras','Budi','2026-12-02T00:31:30.271+00:00',NULL);
INSERT INTO "faktor_log" VALUES(3,2025,'Dinas Pertanian','catat','penghambat','Pupuk terlambat; ''urea''','Ani','2026-12-02T00:31:30.315+00:00',NULL);
INSERT INTO "faktor_log" VALUES(4,2025,'Dinas Kesehatan','batal',NULL,NULL,'Citra','2026-12-02T00:31:30.347+00:00',2);
INSERT INTO "faktor_log" VALUES(5,2024,'Dinas Kesehatan','catat','pendorong','Tahun lalu','Ani','2026-12-02T00:31:30.411+00:00',NULL);
CREATE INDEX faktor_log_kunci ON faktor_log (tahun, opd, seq);
CREATE TRIGGER faktor_log_no_update BEFORE UPDATE ON faktor_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END;
CREATE TRIGGER faktor_log_no_delete BEFORE DELETE ON faktor_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh dihapus'); END;
CREATE VIEW faktor_current AS
        SELECT c.seq, c.tahun, c.opd, c.jenis, c.faktor, c.oleh, c.waktu
        FROM faktor_log AS c
        WHERE c.aksi = 'catat'
          AND NOT EXISTS (SELECT 1 FROM faktor_log AS b WHERE b.aksi = 'batal' AND b.batal = c.seq);
COMMIT;
