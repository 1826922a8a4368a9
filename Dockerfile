# XSEN Orchestrator: built with Maven, run on a Java 25 JRE as a non-root user, from an extracted jar with an AOT
# cache recorded at build time (start-up in 39 % of plain `java -jar` on Java 17 in bench/run; docs/PERFORMANCE.md).
# The bytecode is Java 17; Java 25 is the runtime because its AOT cache (JEP 483/514/515) maps the classes Spring
# loads and links at start instead of doing that work again on every start.
# Layers follow how often they change (dependencies, loader, snapshots, our code), so a code change rebuilds and
# ships only the last one and the cache.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /build
# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package \
	&& cp target/xsen-orchestrator-*.jar app.jar \
	&& java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system xsen && useradd --system --gid xsen --no-create-home xsen
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
COPY src/main/docker/jvm.args src/main/docker/train-aot ./
# The training run: the application starts once without a database and exits when its context is refreshed; the
# cache must come from this image's own JVM, with the same jar and options the CMD uses.
RUN sh train-aot /app && rm train-aot
USER xsen
# The service listens on PORT (Railway sets it).
ENV PORT=8080
# Two malloc arenas instead of eight per core: fewer half-empty native heaps in a small container.
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
# JVM options and why each is there: jvm.args. Exec form: java is PID 1 and gets SIGTERM for graceful shutdown.
# CMD, not ENTRYPOINT, so Railway's pre-deploy command replaces it: java -jar app.jar migrate
CMD ["java", "@jvm.args", "-XX:AOTCache=app.aot", "-jar", "app.jar"]
