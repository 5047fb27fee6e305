package io.revealed.env;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvSpecTest {

    @Test
    void parse_nameAndParameters_keepsOrderAndTypes() {
        EnvSpec s = EnvSpec.parse("gridworld:size=8,slip=0.1,reward=random");
        assertEquals("gridworld", s.name());
        assertEquals(List.of("size", "slip", "reward"), List.copyOf(s.params().keySet()));
        assertEquals(8, s.intParam("size", 2));
        assertEquals(0.1, s.doubleParam("slip", 0), 0);
        assertEquals("random", s.stringParam("reward", "goal"));
        assertEquals(5L, s.longParam("seed", 5));
        assertNull(s.path());
    }

    @Test
    void parse_bareName_hasNoParameters() {
        assertEquals(new EnvSpec("objectworld", Map.of(), null), EnvSpec.parse("objectworld"));
        assertEquals(new EnvSpec("objectworld", Map.of(), null), EnvSpec.parse("objectworld:"));
    }

    @Test
    void parse_blanksAndCase_areNormalised() {
        EnvSpec s = EnvSpec.parse("  GridWorld : size = 8 , slip=0.25 ");
        assertEquals("gridworld", s.name());
        assertEquals(8, s.intParam("size", 0));
        assertEquals(0.25, s.doubleParam("slip", 0), 0);
    }

    @Test
    void parse_underscoresInIntegers_areAccepted() {
        assertEquals(1_000_000, EnvSpec.parse("garnet:states=1_000_000").intParam("states", 0));
    }

    @Test
    void toString_roundTrips() {
        String text = "garnet:states=100000,actions=4,branching=5,seed=3";
        EnvSpec s = EnvSpec.parse(text);
        assertEquals(text, s.toString());
        assertEquals(s, EnvSpec.parse(s.toString()));
        assertEquals("garnet:states=100000,actions=4,branching=5,seed=9", s.with("seed", "9").toString());
        assertEquals("garnet:states=100000,actions=4,branching=5,seed=3,features=2", s.with("features", "2").toString());
    }

    @Test
    void fileSpec_keepsTheRawPath() {
        EnvSpec s = EnvSpec.parse("file:/data/my mdp,v=2.json");
        assertEquals("file", s.name());
        assertEquals("/data/my mdp,v=2.json", s.path());
        assertTrue(s.params().isEmpty());
        assertEquals("file:/data/my mdp,v=2.json", s.toString());
        assertEquals("C:\\x.json", EnvSpec.parse("FILE:C:\\x.json").path());
    }

    @Test
    void checkKeys_unknownKey_namesItAndListsTheValidOnes() {
        EnvSpec s = EnvSpec.parse("gridworld:size=8,sise=3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.checkKeys(List.of("size", "slip")));
        assertTrue(e.getMessage().contains("'sise'"), e.getMessage());
        assertTrue(e.getMessage().contains("size, slip"), e.getMessage());
    }

    @Test
    void badNumbers_nameTheKeyAndTheValue() {
        EnvSpec s = EnvSpec.parse("gridworld:size=abc,slip=x1,seed=1.5,discount=NaN");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.intParam("size", 8));
        assertTrue(e.getMessage().contains("'size'") && e.getMessage().contains("'abc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.doubleParam("slip", 0));
        assertTrue(e.getMessage().contains("'slip'") && e.getMessage().contains("'x1'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.longParam("seed", 0));
        assertTrue(e.getMessage().contains("'seed'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.doubleParam("discount", 0));
        assertTrue(e.getMessage().contains("'discount'"), e.getMessage());
    }

    @Test
    void malformedItems_areRejectedWithTheItemQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("gridworld:size8"));
        assertTrue(e.getMessage().contains("'size8'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("gridworld:size=8,size=9"));
        assertTrue(e.getMessage().contains("'size'") && e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("gridworld:size="));
        assertTrue(e.getMessage().contains("'size'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("gridworld:size=8,,slip=0"));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("gridworld:=3"));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse(":size=3"));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("  "));
    }

    @Test
    void choiceParam_acceptsListedWordsOnly() {
        EnvSpec s = EnvSpec.parse("gridworld:reward=Random,start=middle");
        assertEquals("random", s.choiceParam("reward", "goal", "goal", "random"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.choiceParam("start", "uniform", "uniform", "corner"));
        assertTrue(e.getMessage().contains("'start'") && e.getMessage().contains("uniform, corner")
                && e.getMessage().contains("'middle'"), e.getMessage());
    }

    @Test
    void horizonParam_noneAndZeroMeanInfinite() {
        assertNull(EnvSpec.parse("garnet:horizon=none").horizonParam("horizon", 50));
        assertNull(EnvSpec.parse("garnet:horizon=0").horizonParam("horizon", 50));
        assertEquals(7, EnvSpec.parse("garnet:horizon=7").horizonParam("horizon", 50));
        assertEquals(50, EnvSpec.parse("garnet").horizonParam("horizon", 50));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("garnet:horizon=-2").horizonParam("horizon", 50));
        assertThrows(IllegalArgumentException.class, () -> EnvSpec.parse("garnet:horizon=forever").horizonParam("horizon", 50));
    }

    @Test
    void has_reportsGivenKeysOnly() {
        EnvSpec s = EnvSpec.parse("objectworld:wind=0.2");
        assertTrue(s.has("wind"));
        assertFalse(s.has("slip"));
    }
}
