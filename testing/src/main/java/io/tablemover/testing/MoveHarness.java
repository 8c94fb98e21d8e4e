package io.tablemover.testing;

import io.tablemover.engine.cli.Main;
import io.tablemover.engine.config.Endpoint;
import io.tablemover.engine.mysql.ServerPool;
import io.tablemover.engine.step.MoveListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the {@code tablemover} command line in this JVM against the fixture's servers and captures its output. */
public final class MoveHarness {
    private MoveHarness() {}

    /**
     * What one command run printed and returned.
     *
     * @param exitCode see {@code ExitCodes}
     * @param out standard output (plan, summary)
     * @param err standard error (validation problems, failures)
     */
    public record Run(int exitCode, String out, String err) {}

    /** @return {@code jdbc:mysql://host:port/db} of a fixture server */
    public static String url(MysqlServers.Server server, String db) {
        return "jdbc:mysql://" + server.host() + ":" + server.port() + "/" + db;
    }

    /** @return an engine pool on a fixture server's database (the caller closes it) */
    public static ServerPool pool(MysqlServers.Server server, String db) {
        return new ServerPool("test", new Endpoint(server.host(), server.port(), db, server.user(), server.password()), 4, 5);
    }

    /**
     * Runs {@code tablemover move --source ... --target ... --tables ... --source-user root [extra...]}
     * with the fixture's passwords in the environment.
     */
    public static Run move(String sourceDb, String targetDb, String tables, MoveListener listener, String... extra) {
        MysqlServers servers = MysqlServers.get();
        List<String> args = new ArrayList<>(List.of("move",
                "--source", url(servers.source(), sourceDb),
                "--target", url(servers.target(), targetDb),
                "--tables", tables,
                "--source-user", servers.source().user(),
                "--target-user", servers.target().user()));
        args.addAll(List.of(extra));
        return run(args, Map.of(
                "TABLEMOVER_SOURCE_PASSWORD", servers.source().password(),
                "TABLEMOVER_TARGET_PASSWORD", servers.target().password()), listener);
    }

    /** Runs any command line with the given environment. */
    public static Run run(List<String> args, Map<String, String> env, MoveListener listener) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), env, listener);
        return new Run(code, out.toString(), err.toString());
    }
}
