package io.darkroom.infra.messaging;

import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The exchanges and queues, declared identically by every api and worker:
 * <ul>
 *   <li>{@code <ns>.jobs}, direct: routes {@code <provider>.<lane>} to that provider's lane queue;</li>
 *   <li>one quorum queue per provider and lane, with a delivery limit and dead-lettering (at least once)
 *       to {@code <ns>.dead}, a fanout into the {@code <ns>.parking} queue;</li>
 *   <li>{@code <ns>.events}, topic: job events, {@code job.<status>.<hooked|plain>}; the webhooks queue binds the hooked ones;</li>
 *   <li>per retry tier, a fanout exchange {@code <ns>.retry.<tier>} into a quorum queue whose TTL is the tier and
 *       which dead-letters (at least once) back to {@code <ns>.jobs} under the message's own routing key.</li>
 * </ul>
 */
public final class BrokerTopology {

    private final Names names;
    private final int deliveryLimit;

    public BrokerTopology(Names names, int deliveryLimit) {
        this.names = names;
        this.deliveryLimit = deliveryLimit;
    }

    /** Everything to declare for the providers the catalog names. */
    public Declarables declarablesFor(ModelCatalog catalog) {
        List<Declarable> declarables = new ArrayList<>();
        DirectExchange jobs = new DirectExchange(names.jobsExchange(), true, false);
        FanoutExchange dead = new FanoutExchange(names.deadLetterExchange(), true, false);
        Queue parking = QueueBuilder.durable(names.parkingQueue()).quorum().build();
        Queue notices = QueueBuilder.durable(names.deadNoticesQueue()).quorum().build();
        TopicExchange events = new TopicExchange(names.eventsExchange(), true, false);
        declarables.addAll(List.of(jobs, dead, parking, BindingBuilder.bind(parking).to(dead), notices,
                BindingBuilder.bind(notices).to(dead), events));
        Queue webhooks = workQueueNamed(names.webhooksQueue());
        declarables.add(webhooks);
        declarables.add(BindingBuilder.bind(webhooks).to(jobs).with(Names.WEBHOOKS_ROUTING_KEY));
        declarables.add(BindingBuilder.bind(webhooks).to(events).with(names.hookedEventsPattern()));
        catalog.providers().stream().sorted().forEach(provider -> {
            for (Lane lane : Lane.values()) {
                Queue queue = workQueue(provider, lane);
                Binding binding = BindingBuilder.bind(queue).to(jobs).with(names.workRoutingKey(provider, lane));
                declarables.add(queue);
                declarables.add(binding);
            }
        });
        for (Duration tier : RetryTiers.DEFAULT) {
            FanoutExchange delay = new FanoutExchange(names.retryExchange(RetryTiers.label(tier)), true, false);
            Queue waiting = QueueBuilder.durable(names.retryQueue(RetryTiers.label(tier)))
                    .quorum()
                    .ttl((int) tier.toMillis())
                    .deadLetterExchange(names.jobsExchange())
                    .withArgument("x-dead-letter-strategy", "at-least-once")
                    .overflow(QueueBuilder.Overflow.rejectPublish)
                    .build();
            declarables.addAll(List.of(delay, waiting, BindingBuilder.bind(waiting).to(delay)));
        }
        return new Declarables(declarables);
    }

    private Queue workQueue(String provider, Lane lane) {
        return workQueueNamed(names.workQueue(provider, lane));
    }

    private Queue workQueueNamed(String name) {
        return QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(deliveryLimit)
                .deadLetterExchange(names.deadLetterExchange())
                .withArgument("x-dead-letter-strategy", "at-least-once")
                .overflow(QueueBuilder.Overflow.rejectPublish)
                .build();
    }
}
