package io.github.knockj.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts the measuring JVM: the same classpath as this one (Maven's exec:java puts the project on
 * a class loader of its own), a fixed heap and G1, optionally JFR and a GC log.
 */
final class Fork {
    private Fork() {}

    static int run(BenchConfig config, String[] args) throws Exception {
        String heap = config.overrides().getOrDefault("heap", "8g");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Dknock.bench.forked=true");
        if (Boolean.getBoolean("knock.bench.dbwork.dump")) cmd.add("-Dknock.bench.dbwork.dump=true");
        String jfr = config.overrides().get("jfr");
        if (jfr != null) {
            cmd.add("-XX:FlightRecorderOptions:stackdepth=256");
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        String gclog = config.overrides().get("gclog");
        if (gclog != null) cmd.add("-Xlog:gc*:file=" + gclog);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(Bench.class.getName());
        for (String a : args) cmd.add(a);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    /** The classpath of this JVM, for child JVMs. */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = Bench.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(new File(url.toURI()).getPath());
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) if (!e.isBlank()) entries.add(e);
        return String.join(File.pathSeparator, entries);
    }
}
