package io.darkroom.worker.provider.local;

import java.awt.Color;
import java.util.List;

/** The colours of one landscape: sky from top to horizon, the sun, and ridges from far to near. */
record Palette(Color skyTop, Color skyHorizon, Color sun, Color farRidge, Color nearRidge, boolean stars) {

    static final List<Palette> ALL = List.of(
            new Palette(rgb(0x1b1f4b), rgb(0xf08a5d), rgb(0xffd56b), rgb(0x8a5a83), rgb(0x1a1330), true),
            new Palette(rgb(0x6fa8dc), rgb(0xffe0b2), rgb(0xfff3c4), rgb(0x9fb4c7), rgb(0x2d3e50), false),
            new Palette(rgb(0x050a1f), rgb(0x1e3a5f), rgb(0xe8eef7), rgb(0x2b3f63), rgb(0x0a0f1e), true),
            new Palette(rgb(0x4fa3d9), rgb(0xf6d6a8), rgb(0xfff7d6), rgb(0xd79a6b), rgb(0x7a3b1e), false),
            new Palette(rgb(0x87c5e8), rgb(0xd8f0e0), rgb(0xfffbe0), rgb(0x7fa88e), rgb(0x1f3d2b), false),
            new Palette(rgb(0x2a0845), rgb(0xd66d75), rgb(0xffc3a0), rgb(0x6a3a6e), rgb(0x1b0b26), true));

    /** The same palette with its colours pulled a third of the way to grey. */
    Palette muted() {
        return new Palette(mute(skyTop), mute(skyHorizon), mute(sun), mute(farRidge), mute(nearRidge), stars);
    }

    private static Color mute(Color colour) {
        int grey = (colour.getRed() * 30 + colour.getGreen() * 59 + colour.getBlue() * 11) / 100;
        return blend(colour, new Color(grey, grey, grey), 0.35);
    }

    private static Color rgb(int value) {
        return new Color(value);
    }

    /** Linear blend: {@code t = 0} gives {@code from}, {@code t = 1} gives {@code to}. */
    static Color blend(Color from, Color to, double t) {
        return new Color(
                mix(from.getRed(), to.getRed(), t),
                mix(from.getGreen(), to.getGreen(), t),
                mix(from.getBlue(), to.getBlue(), t));
    }

    private static int mix(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * Math.clamp(t, 0.0, 1.0));
    }
}
