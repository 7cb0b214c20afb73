# The Greenlight distribution: build it first with `mvn -B -DskipTests package`.
FROM eclipse-temurin:17.0.13_11-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl socat && rm -rf /var/lib/apt/lists/*
COPY dist/target/greenlight.jar /opt/greenlight/greenlight.jar
ENTRYPOINT ["java", "-jar", "/opt/greenlight/greenlight.jar"]
CMD ["worker"]
