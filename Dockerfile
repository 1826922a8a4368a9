# XSEN Orchestrator: built with Maven on a JDK, run on a JRE as a non-root user.
# Layers follow how often they change (dependencies, loader, snapshots, our code), so a
# code change rebuilds and ships only the last one.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first: this layer is reused until pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package \
	&& cp target/xsen-orchestrator-*.jar app.jar \
	&& java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system xsen && useradd --system --gid xsen --no-create-home xsen
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER xsen
# The service listens on PORT (Railway sets it).
ENV PORT=8080
EXPOSE 8080
# Heap from the container's memory limit, and a clean restart instead of limping on after
# an OutOfMemoryError. Exec form: java is PID 1 and gets SIGTERM for graceful shutdown.
# CMD, not ENTRYPOINT, so Railway's pre-deploy command replaces it: java -jar app.jar migrate
CMD ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "app.jar"]
