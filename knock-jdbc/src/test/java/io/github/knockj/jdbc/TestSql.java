package io.github.knockj.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the engine's tables behind its back, on a connection of its own, for assertions. */
final class TestSql {
    private TestSql() {}

    /** Handles one row of a result. */
    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    static void query(String url, String sql, Row row) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) row.accept(rs);
        }
    }

    /** The single number {@code sql} selects, such as a {@code count(*)}. */
    static long count(String url, String sql) throws SQLException {
        long[] out = new long[1];
        query(url, sql, rs -> out[0] = rs.getLong(1));
        return out[0];
    }

    /** The first column of every row {@code sql} selects. */
    static List<String> strings(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        query(url, sql, rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Messages by delivery status (only statuses that occur), optionally of one channel. */
    static Map<String, Long> messageStatuses(String url, String channelKey) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        String where = channelKey == null ? "" : " WHERE channel_key = '" + channelKey + "'";
        query(url, "SELECT status, count(*) FROM knock_messages" + where + " GROUP BY status", rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }
}
