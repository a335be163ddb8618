-- keputusan.sqlite as written by planlib main 92629c5 (schema 1, journal_mode wal);
-- sqlite3 iterdump of a database the old store wrote; see tests/test_journal.py.
BEGIN TRANSACTION;
CREATE TABLE keputusan_log (
        seq       INTEGER PRIMARY KEY,
        tahun     INTEGER NOT NULL,
        id_usulan TEXT    NOT NULL CHECK (trim(id_usulan) <> ''),
        aksi      TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        status    TEXT    CHECK (status IN ('diterima', 'ditolak', 'dialihkan', 'ditunda')),
        opd       TEXT,
        alasan    TEXT,
        oleh      TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu     TEXT    NOT NULL,
        sebelum   INTEGER REFERENCES keputusan_log (seq),
        asal      INTEGER REFERENCES keputusan_log (seq),
        CHECK (aksi = 'batal' OR asal = seq),
        CHECK ((asal IS NULL) = (status IS NULL)),
        CHECK (aksi = 'batal' OR trim(alasan) <> ''),
        CHECK (status IS NOT 'dialihkan' OR trim(opd) <> '')
    );
INSERT INTO "keputusan_log" VALUES(1,2025,'U001','catat','diterima',NULL,'Prioritas RPJMD','Ani','2026-12-02T00:31:29.644+00:00',NULL,1);
INSERT INTO "keputusan_log" VALUES(2,2025,'U002','catat','dialihkan','Dinas PUPR','Kewenangan provinsi','Budi','2026-12-02T00:31:29.691+00:00',NULL,2);
INSERT INTO "keputusan_log" VALUES(3,2025,'U001','catat','ditolak',NULL,'Pagu habis','Citra','2026-12-02T00:31:29.751+00:00',1,3);
INSERT INTO "keputusan_log" VALUES(4,2025,'U001','batal','diterima',NULL,'Prioritas RPJMD','Ani','2026-12-02T00:31:29.800+00:00',3,1);
INSERT INTO "keputusan_log" VALUES(5,2026,'U003','catat','ditunda',NULL,'Menunggu survei; lokasi "Desa A"','Dewi','2026-12-02T00:31:29.867+00:00',NULL,5);
INSERT INTO "keputusan_log" VALUES(6,2026,'U004','catat','diterima',NULL,'ok','Eko','2026-12-02T00:31:29.908+00:00',NULL,6);
INSERT INTO "keputusan_log" VALUES(7,2026,'U004','batal',NULL,NULL,NULL,'Eko','2026-12-02T00:31:29.947+00:00',6,NULL);
CREATE TABLE override_log (
        seq       INTEGER PRIMARY KEY,
        tahun     INTEGER NOT NULL,
        id_usulan TEXT    NOT NULL CHECK (trim(id_usulan) <> ''),
        aksi      TEXT    NOT NULL CHECK (aksi IN ('catat', 'batal')),
        opd       TEXT,
        node_id   TEXT,
        alasan    TEXT,
        oleh      TEXT    NOT NULL CHECK (trim(oleh) <> ''),
        waktu     TEXT    NOT NULL,
        sebelum   INTEGER REFERENCES override_log (seq),
        asal      INTEGER REFERENCES override_log (seq),
        CHECK (aksi = 'batal' OR asal = seq),
        CHECK ((asal IS NULL) = (opd IS NULL AND node_id IS NULL))
    );
INSERT INTO "override_log" VALUES(1,2025,'U002','catat','Dinas PUPR','PK-3.1','kode urusan','Budi','2026-12-02T00:31:29.996+00:00',NULL,1);
INSERT INTO "override_log" VALUES(2,2026,'U005','catat',NULL,'PK-1',NULL,'Ani','2026-12-02T00:31:30.027+00:00',NULL,2);
INSERT INTO "override_log" VALUES(3,2026,'U005','batal',NULL,NULL,NULL,'Ani','2026-12-02T00:31:30.068+00:00',2,NULL);
INSERT INTO "override_log" VALUES(4,2026,'U006','catat','Dinas Sosial',NULL,NULL,'Ani','2026-12-02T00:31:30.102+00:00',NULL,4);
CREATE INDEX keputusan_log_kunci ON keputusan_log (tahun, id_usulan, seq);
CREATE INDEX override_log_kunci ON override_log (tahun, id_usulan, seq);
CREATE TRIGGER keputusan_log_no_update BEFORE UPDATE ON keputusan_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END;
CREATE TRIGGER keputusan_log_no_delete BEFORE DELETE ON keputusan_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh dihapus'); END;
CREATE TRIGGER override_log_no_update BEFORE UPDATE ON override_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh diubah'); END;
CREATE TRIGGER override_log_no_delete BEFORE DELETE ON override_log
        BEGIN SELECT RAISE(ABORT, 'riwayat tidak boleh dihapus'); END;
CREATE VIEW keputusan_current AS
        SELECT k.id_usulan, k.tahun, k.status, k.opd, k.alasan, k.oleh, k.waktu, m.versi
        FROM (SELECT tahun, id_usulan, MAX(seq) AS seq, COUNT(*) AS versi
              FROM keputusan_log GROUP BY tahun, id_usulan) AS m
        JOIN keputusan_log AS e ON e.seq = m.seq
        JOIN keputusan_log AS k ON k.seq = e.asal;
CREATE VIEW override_current AS
        SELECT k.id_usulan, k.tahun, k.opd, k.node_id, k.alasan, k.oleh, k.waktu, m.versi
        FROM (SELECT tahun, id_usulan, MAX(seq) AS seq, COUNT(*) AS versi
              FROM override_log GROUP BY tahun, id_usulan) AS m
        JOIN override_log AS e ON e.seq = m.seq
        JOIN override_log AS k ON k.seq = e.asal;
CREATE VIEW keputusan_history AS
        SELECT e.seq, e.waktu, e.tahun, e.id_usulan, e.aksi, e.status, e.opd, e.alasan, e.oleh,
               p.status AS status_sebelum, p.opd AS opd_sebelum, p.alasan AS alasan_sebelum,
               e.sebelum, e.asal
        FROM keputusan_log AS e LEFT JOIN keputusan_log AS p ON p.seq = e.sebelum;
CREATE VIEW override_history AS
        SELECT e.seq, e.waktu, e.tahun, e.id_usulan, e.aksi, e.opd, e.node_id, e.alasan, e.oleh,
               p.opd AS opd_sebelum, p.node_id AS node_id_sebelum, p.alasan AS alasan_sebelum,
               e.sebelum, e.asal
        FROM override_log AS e LEFT JOIN override_log AS p ON p.seq = e.sebelum;
COMMIT;
