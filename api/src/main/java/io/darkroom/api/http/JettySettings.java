package io.darkroom.api.http;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The api's Jetty (chosen over Tomcat for callers that wait: decision 017), set up for an API:
 * <ul>
 * <li>an encoded slash passes through in paths: model ids hold one ({@code local/fast}), and OpenAI's SDKs
 * send {@code GET /v1/models/local%2Ffast}; the models endpoint decodes it;</li>
 * <li>a backlog of {@value #ACCEPT_QUEUE} connections, so a burst of thousands of callers connecting at once
 * waits to be accepted instead of being dropped (the JDK's default backlog is 50).</li>
 * </ul>
 */
@Component
class JettySettings implements WebServerFactoryCustomizer<JettyServletWebServerFactory> {

    static final int ACCEPT_QUEUE = 1000;

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            for (var connector : server.getConnectors()) {
                if (connector instanceof ServerConnector serverConnector) {
                    serverConnector.setAcceptQueueSize(ACCEPT_QUEUE);
                }
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setUriCompliance(
                            UriCompliance.DEFAULT.with("encoded-slash", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
                }
            }
            server.getDescendants(ServletContextHandler.class)
                    .forEach(context -> context.getServletHandler().setDecodeAmbiguousURIs(true));
        });
    }
}
