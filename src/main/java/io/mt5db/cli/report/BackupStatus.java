package io.mt5db.cli.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * The last run of scripts/backup.sh as its status file tells it: {@code key=value} lines (result,
 * started_at, finished_at, last_success_at, file, bytes, backups_kept, offsite, offsite_target,
 * message), rewritten whole by every run. See scripts/backup.sh --help.
 *
 * @param found false when the file does not exist (no backup has run with this status file)
 * @param result success or failure
 * @param offsite ok, failed or off (no off-host target configured)
 */
public record BackupStatus(String source, boolean found, String result, Instant startedAt, Instant finishedAt,
        Instant lastSuccessAt, String file, Long bytes, Integer backupsKept, String offsite, String offsiteTarget,
        String message) {

    public static BackupStatus missing(String source) {
        return new BackupStatus(source, false, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean succeeded() {
        return "success".equals(result);
    }

    /** Reads a status file's text; unknown keys are ignored, a malformed value is reported in {@code message}. */
    public static BackupStatus parse(String source, String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
        }
        StringBuilder problems = new StringBuilder();
        BackupStatus status = new BackupStatus(source, true, values.get("result"),
                instant(values, "started_at", problems), instant(values, "finished_at", problems),
                instant(values, "last_success_at", problems), blankToNull(values.get("file")),
                number(values, "bytes", problems), integer(values, "backups_kept", problems),
                blankToNull(values.get("offsite")), blankToNull(values.get("offsite_target")),
                blankToNull(values.get("message")));
        if (status.result() == null || !(status.result().equals("success") || status.result().equals("failure"))) {
            problems.append("result is '").append(status.result()).append("', not success or failure; ");
        }
        if (problems.length() == 0) {
            return status;
        }
        String note = "unreadable status: " + problems.substring(0, problems.length() - 2);
        return new BackupStatus(source, true, "failure".equals(status.result()) ? "failure" : "unknown",
                status.startedAt(), status.finishedAt(), status.lastSuccessAt(), status.file(), status.bytes(),
                status.backupsKept(), status.offsite(), status.offsiteTarget(),
                status.message() == null ? note : status.message() + "; " + note);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant instant(Map<String, String> values, String key, StringBuilder problems) {
        String value = blankToNull(values.get(key));
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.append(key).append(" '").append(value).append("' is no UTC time; ");
            return null;
        }
    }

    private static Long number(Map<String, String> values, String key, StringBuilder problems) {
        String value = blankToNull(values.get(key));
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            problems.append(key).append(" '").append(value).append("' is no number; ");
            return null;
        }
    }

    private static Integer integer(Map<String, String> values, String key, StringBuilder problems) {
        Long n = number(values, key, problems);
        return n == null ? null : (int) Math.min(Integer.MAX_VALUE, n);
    }
}
