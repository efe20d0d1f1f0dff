package io.darkroom.infra.messaging;

import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import java.util.UUID;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The real local RabbitMQ under a namespace of a test's own: connected with correlated confirms and returns
 * (as the apps are), the topology declared on {@link #open()} and deleted on {@link #close()}.
 */
record PrivateBroker(Names names, CachingConnectionFactory connections, RabbitAdmin admin, RabbitTemplate rabbit) {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    static PrivateBroker open() {
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        connections.setPublisherReturns(true);
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        rabbit.setMandatory(true);
        PrivateBroker broker = new PrivateBroker(new Names("it-" + UUID.randomUUID().toString().substring(0, 8)), connections,
                new RabbitAdmin(connections), rabbit);
        broker.topology().getDeclarables().forEach(declarable -> {
            switch (declarable) {
                case Queue queue -> broker.admin.declareQueue(queue);
                case Exchange exchange -> broker.admin.declareExchange(exchange);
                case Binding binding -> broker.admin.declareBinding(binding);
                default -> throw new IllegalStateException("Unexpected " + declarable);
            }
        });
        return broker;
    }

    void close() {
        topology().getDeclarables().forEach(declarable -> {
            if (declarable instanceof Queue queue) {
                admin.deleteQueue(queue.getName());
            } else if (declarable instanceof Exchange exchange) {
                admin.deleteExchange(exchange.getName());
            }
        });
        connections.destroy();
    }

    private org.springframework.amqp.core.Declarables topology() {
        return new BrokerTopology(names, 5).declarablesFor(CATALOG);
    }
}
