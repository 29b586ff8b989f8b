package vn.lienthong.hub.platform;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health components for the messaging parts: {@code kafka}, {@code artemis}, {@code mqtt}. */
@Configuration(proxyBeanMethods = false)
class PlatformHealth {

    @Bean
    HealthIndicator kafka(KafkaConnection kafka) {
        return () -> {
            try {
                DescribeClusterResult cluster = kafka.admin().describeCluster();
                int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
                return Health.up().withDetail("bootstrapServers", kafka.bootstrapServers())
                        .withDetail("embedded", kafka.embedded()).withDetail("nodes", nodes).build();
            } catch (Exception e) {
                return Health.down(e).withDetail("bootstrapServers", kafka.bootstrapServers()).build();
            }
        };
    }

    @Bean
    HealthIndicator artemis(ConnectionFactory connectionFactory, PlatformInfo info) {
        return () -> {
            try (Connection c = connectionFactory.createConnection()) {
                c.start();
                return Health.up().withDetail("embedded", info.artemisEmbedded()).build();
            } catch (Exception e) {
                return Health.down(e).build();
            }
        };
    }

    @Bean
    HealthIndicator mqtt(MqttConnection mqtt) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(mqtt.host(), mqtt.port()), 2000);
                return Health.up().withDetail("url", mqtt.url()).withDetail("embedded", mqtt.embedded()).build();
            } catch (Exception e) {
                return Health.down(e).withDetail("url", mqtt.url()).build();
            }
        };
    }
}
