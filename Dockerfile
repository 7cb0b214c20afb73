# syntax=docker/dockerfile:1.7
# Greenlight, built from source (no jar from the host):
#   docker build -t greenlight .                    # the worker/CLI image (default target)
#   docker build --target demo-app -t shop-demo .   # the demo shop of docker-compose.yml
#
# Stages: "build" compiles with Maven; "runtime" is the JRE, curl (deploy hooks use it) and a
# non-root user; "demo-app" adds the demo shop; "worker", the last and default target, is the
# production image: dist/target/greenlight.jar only (no devstack jar, no Temporal test server, no
# embedded PostgreSQL, no test code). Every base image is pinned.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# .dockerignore keeps target/, .git and the IDE out of the context
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package -pl dist -am

FROM eclipse-temurin:17.0.13_11-jre AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 greenlight \
 && useradd --system --uid 10001 --gid greenlight --create-home --home-dir /home/greenlight \
      --shell /usr/sbin/nologin greenlight
COPY --from=build /src/dist/target/greenlight.jar /opt/greenlight/greenlight.jar
# `greenlight ...` inside the container, e.g. docker compose exec greenlight-worker greenlight list
COPY --chmod=755 docker/greenlight /usr/local/bin/greenlight
WORKDIR /home/greenlight

# The demo shop (docker-compose.yml's blue and green). Not the production image.
FROM runtime AS demo-app
COPY --from=build /src/dist/target/greenlight-devstack.jar /opt/greenlight/greenlight-devstack.jar
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${DEMO_PORT:-8080}/health" || exit 1
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-cp", "/opt/greenlight/greenlight.jar:/opt/greenlight/greenlight-devstack.jar", "dev.greenlight.devstack.demoapp.DemoApp"]

# The production image: the worker by default, any greenlight command otherwise.
FROM runtime AS worker
USER 10001:10001
# healthy while it reaches Temporal (TEMPORAL_ADDRESS): the same connection the worker polls on
HEALTHCHECK --interval=30s --timeout=20s --start-period=60s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", "/opt/greenlight/greenlight.jar", "list", "--limit", "1"]
# two malloc arenas: a worker's hundreds of threads would otherwise each get one (BENCHMARKS.md)
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-jar", "/opt/greenlight/greenlight.jar"]
CMD ["worker"]
