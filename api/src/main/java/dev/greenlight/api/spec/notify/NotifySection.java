package dev.greenlight.api.spec.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.api.spec.SpecNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and checks {@code notify:}, a list of {@link NotifyTarget}s, with field paths. */
public final class NotifySection {
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final List<String> TYPES = List.of(NotifyTarget.WEBHOOK, NotifyTarget.SLACK);

  /** Webhooks at most: each event is one POST to each. */
  static final int MAX = 10;

  private NotifySection() {}

  /** The targets under {@code notify} of {@code root}; none when the section is absent. */
  public static List<NotifyTarget> read(SpecNode root) {
    List<NotifyTarget> targets = new ArrayList<>();
    JsonNode list = root.raw("notify");
    if (list == null) return targets;
    if (!list.isArray()) {
      root.problem(
          "notify", "expected a list of webhooks, e.g. [{type: webhook, urlEnv: HOOK_URL}]");
      return targets;
    }
    if (list.size() > MAX) root.problem("notify", list.size() + " webhooks; at most " + MAX);
    List<SpecNode> items = root.items("notify");
    for (int i = 0; i < items.size(); i++) {
      SpecNode n = items.get(i);
      if (n == null) {
        root.problem("notify[" + i + "]", "expected a mapping with type and urlEnv");
        continue;
      }
      String type = n.str("type", null);
      if (type == null) {
        n.problem("type", "is required (one of: " + String.join(", ", TYPES) + ")");
      } else if (!TYPES.contains(type)) {
        n.problem(
            "type",
            "unknown type '" + type + "' (expected one of: " + String.join(", ", TYPES) + ")");
      }
      if (n.raw("url") != null) {
        // never echoed: a webhook URL is a credential
        n.problem(
            "url",
            "a webhook URL is a secret and would be recorded in the release's history: put it in"
                + " an environment variable of the worker and name that with urlEnv");
      }
      String urlEnv = n.str("urlEnv", null);
      if (urlEnv == null) {
        n.problem("urlEnv", "is required: the worker's environment variable holding the URL");
      } else if (urlEnv.contains(":")) {
        // never echoed: it looks like the URL itself
        n.problem(
            "urlEnv",
            "holds a URL, not a variable name: put the URL in an environment variable of the"
                + " worker and give its name here");
      } else if (!ENV.matcher(urlEnv).matches()) {
        n.problem(
            "urlEnv",
            "'" + urlEnv + "' is not an environment variable name (the name, never the URL)");
      }
      n.finish();
      targets.add(new NotifyTarget(type, urlEnv));
    }
    return List.copyOf(targets);
  }
}
