package io.pipelinescheduler.redis;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;

/**
 * Schedule changes over Redis pub/sub: a message is the changed names, one per line. Messages sent
 * while this instance was disconnected are lost (pub/sub keeps nothing), so a new subscription
 * after a reconnect reports "unknown which" once. Publishing is asynchronous and never throws.
 */
final class RedisScheduleChanges implements ScheduleChanges {
  static final String CHANNEL_SUFFIX = "schedule-changes";
  private static final int NAMES_PER_MESSAGE = 1_000;

  private final RTopic topic;
  private final List<Integer> listeners = new ArrayList<>();

  RedisScheduleChanges(RedissonClient client, String channel) {
    this.topic = client.getTopic(channel, StringCodec.INSTANCE);
  }

  @Override
  public synchronized void watch(Consumer<Set<String>> onChange) {
    listeners.add(
        topic.addListener(
            String.class,
            (channel, message) ->
                onChange.accept(new LinkedHashSet<>(List.of(message.split("\n"))))));
    listeners.add(
        topic.addListener(
            new StatusListener() {
              private boolean subscribedBefore;

              @Override
              public synchronized void onSubscribe(String channel) {
                if (subscribedBefore) {
                  onChange.accept(Set.of());
                }
                subscribedBefore = true;
              }

              @Override
              public void onUnsubscribe(String channel) {}
            }));
  }

  @Override
  public void publish(Collection<String> names) {
    List<String> all = List.copyOf(names);
    for (int from = 0; from < all.size(); from += NAMES_PER_MESSAGE) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + NAMES_PER_MESSAGE));
      try {
        topic.publishAsync(String.join("\n", chunk));
      } catch (RuntimeException e) {
        return; // the periodic refresh picks the change up
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      listeners.forEach(topic::removeListener);
    } catch (RuntimeException e) {
      // Redis gone or the client shut down: nothing to unsubscribe from
    }
    listeners.clear();
  }
}
