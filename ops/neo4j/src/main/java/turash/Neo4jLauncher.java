package turash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.Version;

/**
 * Starts the real Neo4j community engine with Bolt on a loopback address.
 *
 * Usage: java -cp ... turash.Neo4jLauncher DATA_DIR HOST PORT [PAGECACHE]
 *
 * Prints one line "READY neo4j VERSION bolt://HOST:PORT" once the default database is
 * available, so the caller can wait for it; shuts the engine down cleanly on SIGTERM
 * (the JVM runs shutdown hooks on SIGTERM and SIGINT).
 */
public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: Neo4jLauncher DATA_DIR HOST PORT [PAGECACHE]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    String pageCache = args.length > 3 ? args[3] : "256m";
    Files.createDirectories(home);

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
        .setConfig(HttpConnector.enabled, false)
        // Bound to loopback only; the project's own launcher runs without auth.
        .setConfig(GraphDatabaseSettings.auth_enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, org.neo4j.io.ByteUnit.parse(pageCache))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
        .build();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("neo4j: shutting down");
      dbms.shutdown();
    }, "neo4j-shutdown"));

    GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    long deadline = System.currentTimeMillis() + 120_000;
    while (!db.isAvailable(1_000)) {
      if (System.currentTimeMillis() > deadline) {
        System.err.println("neo4j: default database not available after 120 s");
        System.exit(1);
      }
    }
    System.out.println("READY neo4j " + Version.getNeo4jVersion() + " bolt://" + host + ":" + port);
    System.out.flush();
    Thread.currentThread().join();
  }
}
