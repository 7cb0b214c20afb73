package dev.greenlight.api;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes a release keeps current (Keyword): find releases in the Temporal UI.
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> APP =
      SearchAttributeKey.forKeyword("GreenlightApp");
  public static final SearchAttributeKey<String> VERSION =
      SearchAttributeKey.forKeyword("GreenlightVersion");
  public static final SearchAttributeKey<String> STAGE =
      SearchAttributeKey.forKeyword("GreenlightStage");

  /** Every key, for registering them on a namespace. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(APP, VERSION, STAGE);

  private SearchAttributes() {}
}
