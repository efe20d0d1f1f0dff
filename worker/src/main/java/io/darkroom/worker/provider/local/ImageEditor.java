package io.darkroom.worker.provider.local;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The local provider's edit: a visible transformation of the inputs by the rendered landscape.
 * <ul>
 *   <li>with a mask, the landscape replaces the input where the mask is transparent (OpenAI's rule:
 *       transparent pixels mark the area to edit) and the input stays elsewhere;</li>
 *   <li>without one, the inputs (blended) are toned to the landscape's colours and its ridges rise over
 *       them; {@code input_fidelity: high} keeps more of the input.</li>
 * </ul>
 */
final class ImageEditor {

    BufferedImage edit(List<BufferedImage> inputs, BufferedImage mask, BufferedImage landscape, boolean highFidelity) {
        int width = landscape.getWidth();
        int height = landscape.getHeight();
        BufferedImage base = blend(inputs, width, height);
        if (mask != null) {
            return masked(base, scaled(mask, width, height), landscape);
        }
        return toned(base, landscape, highFidelity ? 0.35f : 0.65f);
    }

    private static BufferedImage masked(BufferedImage base, BufferedImage mask, BufferedImage landscape) {
        BufferedImage out = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                boolean editable = (mask.getRGB(x, y) >>> 24) < 128;
                out.setRGB(x, y, editable ? landscape.getRGB(x, y) : base.getRGB(x, y));
            }
        }
        return out;
    }

    private static BufferedImage toned(BufferedImage base, BufferedImage landscape, float landscapeWeight) {
        BufferedImage out = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, mix(base.getRGB(x, y), landscape.getRGB(x, y), landscapeWeight));
            }
        }
        return out;
    }

    private static int mix(int input, int landscape, float weight) {
        int alpha = Math.max(input >>> 24, landscape >>> 24);
        int red = channel(input, landscape, 16, weight);
        int green = channel(input, landscape, 8, weight);
        int blue = channel(input, landscape, 0, weight);
        return alpha << 24 | red << 16 | green << 8 | blue;
    }

    private static int channel(int input, int landscape, int shift, float weight) {
        int a = input >> shift & 0xff;
        int b = landscape >> shift & 0xff;
        return Math.round(a + (b - a) * weight * ((landscape >>> 24) / 255f));
    }

    private static BufferedImage blend(List<BufferedImage> inputs, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int index = 0; index < inputs.size(); index++) {
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 1f / (index + 1)));
                g.drawImage(inputs.get(index), 0, 0, width, height, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage scaled(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
