package io.darkroom.worker.provider.local;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Paints a layered mountain landscape under a sky with a sun or moon. Everything is drawn from one
 * random stream seeded by the seed and the prompt, so the same inputs give the same pixels.
 */
final class LandscapeRenderer {

    static final int RIDGES = 5;

    BufferedImage render(Scene scene) {
        SplittableRandom random = new SplittableRandom(scene.seed() * 0x9E3779B97F4A7C15L ^ scene.prompt().hashCode());
        Palette palette = paletteOf(random, scene.natural());
        boolean transparent = scene.transparent();
        int detail = scene.detail();
        int width = scene.size().width();
        int height = scene.size().height();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            double horizon = height * (0.55 + random.nextDouble() * 0.1);
            if (!transparent) {
                paintSky(g, palette, width, height, horizon);
                if (palette.stars()) {
                    paintStars(g, random, width, horizon);
                }
            }
            paintSun(g, palette, random, width, height, horizon, transparent);
            for (int ridge = 0; ridge < RIDGES; ridge++) {
                RidgeNoise noise = new RidgeNoise(random, detail, 2 + ridge);
                if (ridge < scene.ridges()) {
                    paintRidge(g, palette, noise, width, height, horizon, ridge);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void paintSky(Graphics2D g, Palette palette, int width, int height, double horizon) {
        g.setPaint(new GradientPaint(0, 0, palette.skyTop(), 0, (float) horizon, palette.skyHorizon()));
        g.fillRect(0, 0, width, height);
    }

    private static void paintStars(Graphics2D g, SplittableRandom random, int width, double horizon) {
        int count = (int) (width * horizon / 2500);
        for (int i = 0; i < count; i++) {
            double x = random.nextDouble() * width;
            double y = Math.pow(random.nextDouble(), 1.6) * horizon * 0.8;
            double radius = 0.4 + random.nextDouble() * 1.1;
            int alpha = 90 + random.nextInt(160);
            g.setColor(new Color(255, 255, 240, alpha));
            g.fill(new Ellipse2D.Double(x - radius, y - radius, radius * 2, radius * 2));
        }
    }

    private static void paintSun(Graphics2D g, Palette palette, SplittableRandom random, int width, int height,
            double horizon, boolean transparent) {
        double radius = Math.min(width, height) * (0.05 + random.nextDouble() * 0.05);
        double x = width * (0.15 + random.nextDouble() * 0.7);
        double y = horizon * (0.25 + random.nextDouble() * 0.35);
        Color sun = palette.sun();
        if (!transparent) {
            float glow = (float) (radius * 5);
            g.setPaint(new RadialGradientPaint((float) x, (float) y, glow, new float[] {0f, 1f},
                    new Color[] {new Color(sun.getRed(), sun.getGreen(), sun.getBlue(), 150),
                        new Color(sun.getRed(), sun.getGreen(), sun.getBlue(), 0)}));
            g.fill(new Ellipse2D.Double(x - glow, y - glow, glow * 2, glow * 2));
        }
        g.setColor(sun);
        g.fill(new Ellipse2D.Double(x - radius, y - radius, radius * 2, radius * 2));
    }

    /** The palette the scene's random stream picks, muted for {@code natural}. */
    static Palette paletteOf(SplittableRandom random, boolean natural) {
        Palette palette = Palette.ALL.get(random.nextInt(Palette.ALL.size()));
        return natural ? palette.muted() : palette;
    }

    private static void paintRidge(Graphics2D g, Palette palette, RidgeNoise noise, int width, int height,
            double horizon, int ridge) {
        double depth = ridge / (double) (RIDGES - 1);
        double baseline = horizon - height * 0.08 + height * 0.34 * Math.pow(depth, 1.3);
        double amplitude = height * (0.16 - 0.08 * depth);
        Path2D.Double outline = new Path2D.Double();
        outline.moveTo(0, height);
        int steps = Math.max(64, width / 3);
        for (int step = 0; step <= steps; step++) {
            double x = width * step / (double) steps;
            outline.lineTo(x, baseline - amplitude * noise.at(x / width));
        }
        outline.lineTo(width, height);
        outline.closePath();
        Color land = Palette.blend(palette.farRidge(), palette.nearRidge(), depth);
        Color hazed = Palette.blend(palette.skyHorizon(), land, 0.55 + 0.45 * depth);
        g.setPaint(new GradientPaint(0, (float) (baseline - amplitude), hazed, 0, height,
                Palette.blend(hazed, palette.nearRidge(), 0.6)));
        g.fill(outline);
    }

    /** Smooth 1-D value noise summed over octaves, in [0, 1]. */
    private static final class RidgeNoise {

        private final double[][] lattices;

        RidgeNoise(SplittableRandom random, int octaves, int baseFrequency) {
            lattices = new double[octaves][];
            for (int octave = 0; octave < octaves; octave++) {
                double[] lattice = new double[(baseFrequency << octave) + 2];
                for (int i = 0; i < lattice.length; i++) {
                    lattice[i] = random.nextDouble();
                }
                lattices[octave] = lattice;
            }
        }

        double at(double position) {
            double sum = 0;
            double weight = 0;
            double amplitude = 1;
            for (double[] lattice : lattices) {
                double scaled = position * (lattice.length - 2);
                int cell = (int) scaled;
                double t = scaled - cell;
                double smooth = t * t * (3 - 2 * t);
                sum += amplitude * (lattice[cell] + (lattice[cell + 1] - lattice[cell]) * smooth);
                weight += amplitude;
                amplitude *= 0.5;
            }
            return sum / weight;
        }
    }
}
