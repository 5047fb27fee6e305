package io.revealed.deep;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

import java.util.Arrays;

/**
 * A multi-layer perceptron: {@code Linear -> ReLU -> ... -> Linear}. The shape is a value so that
 * saved networks can record it.
 *
 * @param inputs size of the input vector
 * @param hidden widths of the hidden layers (may be empty)
 * @param outputs size of the output vector
 * @param activation the hidden layers' activation
 */
public record Mlp(int inputs, int[] hidden, int outputs, Activation activation) {
    /** Hidden-layer activations. */
    public enum Activation { RELU, TANH }

    public Mlp {
        java.util.Objects.requireNonNull(activation, "activation");
        if (inputs < 1) throw new IllegalArgumentException("inputs must be >= 1, got " + inputs);
        if (outputs < 1) throw new IllegalArgumentException("outputs must be >= 1, got " + outputs);
        hidden = hidden.clone();
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden widths must be >= 1, got " + Arrays.toString(hidden));
    }

    /** ReLU hidden layers. */
    public Mlp(int inputs, int[] hidden, int outputs) { this(inputs, hidden, outputs, Activation.RELU); }

    /** A fresh, uninitialised DJL block of this shape. */
    public SequentialBlock block() {
        SequentialBlock b = new SequentialBlock();
        for (int h : hidden) {
            b.add(Linear.builder().setUnits(h).build());
            b.add(activation == Activation.TANH ? ai.djl.nn.Activation.tanhBlock() : ai.djl.nn.Activation.reluBlock());
        }
        b.add(Linear.builder().setUnits(outputs).build());
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(inputs);
        for (int h : hidden) s.append('-').append(h);
        return s.append('-').append(outputs).append(activation == Activation.TANH ? " tanh" : "").toString();
    }
}
