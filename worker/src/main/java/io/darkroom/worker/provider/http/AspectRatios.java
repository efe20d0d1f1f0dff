package io.darkroom.worker.provider.http;

import io.darkroom.model.ImageSize;
import java.util.Comparator;
import java.util.List;

/** Maps a requested pixel size onto the aspect ratio a provider takes instead ({@code 16:9}, {@code 16x9}). */
public final class AspectRatios {

    private AspectRatios() {
    }

    /**
     * The ratio of {@code allowed} closest to {@code size}'s, compared on a log scale so that 2:1 and 1:2
     * are as far from 1:1.
     *
     * @param allowed ratios written {@code W<separator>H}, for example {@code "16:9"}
     */
    public static String closest(ImageSize size, List<String> allowed, String separator) {
        double wanted = Math.log((double) size.width() / size.height());
        return allowed.stream().min(Comparator.comparingDouble(ratio -> Math.abs(Math.log(value(ratio, separator)) - wanted)))
                .orElseThrow();
    }

    private static double value(String ratio, String separator) {
        String[] parts = ratio.split(java.util.regex.Pattern.quote(separator));
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
    }
}
