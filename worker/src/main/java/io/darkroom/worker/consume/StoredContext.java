package io.darkroom.worker.consume;

import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.RenderedImage;
import java.util.List;
import java.util.Optional;

/**
 * A provider call's context backed by the stores: input images come from the image store; each partial
 * render is stored, appended to the job's partials and announced, so a streaming caller sees it at once.
 */
final class StoredContext implements GenerationContext {

    private final Job job;
    private final String upstreamModel;
    private final ImageStore images;
    private final JobLifecycle lifecycle;

    StoredContext(Job job, String upstreamModel, ImageStore images, JobLifecycle lifecycle) {
        this.job = job;
        this.upstreamModel = upstreamModel;
        this.images = images;
        this.lifecycle = lifecycle;
    }

    @Override
    public String upstreamModel() {
        return upstreamModel;
    }

    @Override
    public List<byte[]> inputImages() {
        return job.request().images().stream().map(this::load).toList();
    }

    @Override
    public Optional<byte[]> mask() {
        return job.request().mask().map(this::load);
    }

    @Override
    public void partial(int index, RenderedImage image) {
        String imageId = Ids.newImageId(image.format());
        images.put(imageId, image.bytes());
        lifecycle.partialStored(job.id(), imageId);
    }

    private byte[] load(String imageId) {
        return images.get(imageId).orElseThrow(() -> ProviderException.finalFailure(job.provider(), "input_expired",
                "An input image of job " + job.id() + " expired before the job ran."));
    }
}
