package io.darkroom.api.openapi;

/** The description's tags, one per feature; controllers name theirs with {@code @Tag(name = Tags.JOBS)}. */
public final class Tags {

    public static final String IMAGES = "Images";
    public static final String JOBS = "Jobs";
    public static final String MODELS = "Models";
    public static final String FILES = "Files";
    public static final String BATCHES = "Batches";
    public static final String WEBHOOKS = "Webhooks";
    public static final String HOSTED_IMAGES = "Hosted images";
    public static final String ADMIN = "Admin";
    public static final String USAGE = "Usage";

    private Tags() {
    }
}
