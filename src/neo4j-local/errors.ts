/** Errors of the local Neo4j launcher. Each message says what to do next. */

export class LocalNeo4jError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No usable `java` (17 or 21) was found. */
export class JavaMissingError extends LocalNeo4jError {}

/** The Neo4j jars are not fetched yet and Maven (`mvn`) is not available to fetch them. */
export class MavenMissingError extends LocalNeo4jError {}

/** Maven ran but could not fetch the jars (offline, repository refused, …). */
export class JarFetchError extends LocalNeo4jError {}

/** The Bolt port is already taken by another process. */
export class PortInUseError extends LocalNeo4jError {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use, so the local Neo4j cannot bind it. ` +
        `Stop whatever listens there (\`npm run db:status\` shows whether it is ours), ` +
        `or choose another port with EMPIRICA_NEO4J_PORT.`,
    );
  }
}

/** Neo4j did not become ready: it exited, or the start timed out. `logTail` holds its last log lines. */
export class Neo4jStartError extends LocalNeo4jError {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- last lines of the Neo4j log ---\n${logTail}` : message);
  }
}
