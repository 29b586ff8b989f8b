# syntax=docker/dockerfile:1
# Liên thông Hub image: built from source in a Maven stage, run as a plain JRE process by a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
# the cache mount keeps ~/.m2 between builds (BuildKit, the default of docker compose)
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre
# a fixed uid outside the base image's range (Ubuntu's own user is 1000); the data directory is created and
# owned here so that a fresh named volume mounted on it is writable by that user
RUN groupadd --system --gid 10001 hub \
 && useradd --system --uid 10001 --gid hub --home-dir /app --no-create-home --shell /usr/sbin/nologin hub \
 && mkdir -p /app /var/lib/lienthong-hub \
 && chown hub:hub /var/lib/lienthong-hub
ENV HUB_DATA_DIR=/var/lib/lienthong-hub
COPY --from=build /build/target/lienthong-hub.jar /app/lienthong-hub.jar
WORKDIR /app
USER hub
EXPOSE 8080
# heap follows the container's memory limit instead of the host's
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/lienthong-hub.jar"]
