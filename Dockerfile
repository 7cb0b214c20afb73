# The Greenlight distribution: build it first with `mvn -B -DskipTests package`.
#
# Two targets. The last one, "worker", is the default and the production image: greenlight.jar only
# (no Temporal test server, no embedded PostgreSQL). "demo-app" runs the demo shop of
# docker-compose.yml's blue and green containers; the demo app lives in greenlight-devstack.jar.

FROM eclipse-temurin:17.0.13_11-jre AS demo-app
RUN apt-get update && apt-get install -y --no-install-recommends curl socat && rm -rf /var/lib/apt/lists/*
COPY dist/target/greenlight.jar /opt/greenlight/greenlight.jar
COPY dist/target/greenlight-devstack.jar /opt/greenlight/greenlight-devstack.jar
ENTRYPOINT ["java", "-cp", "/opt/greenlight/greenlight.jar:/opt/greenlight/greenlight-devstack.jar", "dev.greenlight.devstack.demoapp.DemoApp"]

FROM eclipse-temurin:17.0.13_11-jre AS worker
RUN apt-get update && apt-get install -y --no-install-recommends curl socat && rm -rf /var/lib/apt/lists/*
COPY dist/target/greenlight.jar /opt/greenlight/greenlight.jar
ENTRYPOINT ["java", "-jar", "/opt/greenlight/greenlight.jar"]
CMD ["worker"]
