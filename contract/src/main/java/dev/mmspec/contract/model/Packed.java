package dev.mmspec.contract.model;

/**
 * Bit-field access for generated models. Every method is static and small so that the JIT inlines it into the generated
 * transition code, where word, shift and mask are constants.
 *
 * <p><b>Footprints.</b> A state array longer than the model's {@code words} carries, after the state, a read mask
 * ({@code words} more longs) and a write mask (as many again): every getter and setter of a generated model ORs the
 * bits it touched into them ({@link #read}, {@link #wrote}), so that one {@code apply} also tells which bits of the
 * state that step read and wrote. The explorer's sleep sets decide from them, in the state at hand, which steps
 * commute. An array of exactly {@code words} longs records nothing (one length test per access, which the JIT folds
 * into the bounds check it does anyway).
 */
public final class Packed {
    private Packed() {}

    /** @return the value stored at {@code word/shift/mask}, with {@code low} stored as 0. */
    public static int get(long[] s, int word, int shift, long mask, int low) {
        return (int) ((s[word] >>> shift) & mask) + low;
    }

    /** Stores {@code value} (already within bounds). */
    public static void set(long[] s, int word, int shift, long mask, int low, int value) {
        s[word] = (s[word] & ~(mask << shift)) | (((long) (value - low) & mask) << shift);
    }

    /** @return an optional reference: -1 for none, else the domain value. */
    public static int getOptional(long[] s, int word, int shift, long mask, int domainLow) {
        int raw = (int) ((s[word] >>> shift) & mask);
        return raw == 0 ? -1 : raw - 1 + domainLow;
    }

    /**
     * Stores an optional reference (-1 for none): {@link #set} with none stored as 0. Kept this small so that the JIT
     * always inlines it.
     */
    public static void setOptional(long[] s, int word, int shift, long mask, int domainLow, int value) {
        set(s, word, shift, mask, domainLow - 1, value == -1 ? domainLow - 1 : value);
    }

    /**
     * Whether any of several equal-width fields of {@code word} holds {@code value}, tested all at once (the "has a
     * zero field" test on {@code word ^ value in every field}): how a generated model asks whether a task owns any
     * instance of a lock.
     *
     * @param low the lowest bit of every field
     * @param high the highest bit of every field
     * @param mask every bit of every field
     * @param value a value that fits one field
     */
    public static boolean anyFieldEquals(long word, long low, long high, long mask, int value) {
        long x = (word & mask) ^ (low * value);
        return ((x - low) & ~x & high) != 0;
    }

    /** @return {@code value} if it lies in {@code [low, high]}, else a {@link ModelFault} for {@code error}. */
    public static int check(int value, int low, int high, int error) {
        if (value < low || value > high) {
            throw new ModelFault(error);
        }
        return value;
    }

    /** @return {@code value} unless it is {@code none} (-1), which is a {@link ModelFault} for {@code error}. */
    public static int some(int value, int error) {
        if (value == -1) {
            throw new ModelFault(error);
        }
        return value;
    }

    /**
     * {@link #some} of an optional field, from its stored bits: the value, unless they are 0 (none), which is a
     * {@link ModelFault} for {@code error}.
     */
    public static int someStored(int stored, int domainLow, int error) {
        if (stored == 0) {
            throw new ModelFault(error);
        }
        return stored - 1 + domainLow;
    }

    /** Records a read of {@code mask << shift} in word {@code word}, if {@code s} carries footprint masks. */
    public static void read(long[] s, int words, int word, int shift, long mask) {
        if (s.length > words) {
            s[words + word] |= mask << shift;
        }
    }

    /** Records a write of {@code mask << shift} in word {@code word}, if {@code s} carries footprint masks. */
    public static void wrote(long[] s, int words, int word, int shift, long mask) {
        if (s.length > words) {
            s[2 * words + word] |= mask << shift;
        }
    }

    /** @return a {@link ModelFault} for {@code error}, to throw. */
    public static ModelFault fault(int error) {
        return new ModelFault(error);
    }
}
