package org.skysift.epochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Chi-square tails against closed forms: dof 1 is a Gaussian's square, dof 2 an exponential. */
@Tag("plain")
class ChiSquareTailTest {

    @Test
    void oneDegreeOfFreedomIsTheSquareRootOfChi2() {
        // P(chi2_1 >= z^2) = P(|Z| >= z): two-sided sigmas are sqrt(chi2), also far in the tail
        for (double z : new double[] {0.1, 1, 2.5, 3, 5, 8, 20, 100, 1000}) {
            assertEquals(z, ChiSquareTail.sigmas(z * z, 1), 1e-9 * Math.max(1, z), "z " + z);
        }
    }

    @Test
    void twoDegreesOfFreedomHaveAnExponentialTail() {
        // P(chi2_2 >= c) = exp(-c / 2); 5.733031e-7 is the two-sided tail of 5 sigma, 1.973175e-9 of 6 sigma
        assertEquals(Math.log(0.3), ChiSquareTail.logQ(-2 * Math.log(0.3), 2), 1e-12);
        assertEquals(5.0, ChiSquareTail.sigmas(-2 * Math.log(5.733031e-7), 2), 1e-5);
        assertEquals(6.0, ChiSquareTail.sigmas(-2 * Math.log(1.973175e-9), 2), 1e-5);
        assertEquals(-5000, ChiSquareTail.logQ(10000, 2), 1e-9);
    }

    @Test
    void otherDegreesOfFreedomMatchTabulatedQuantiles() {
        // 0.95 and 0.999 quantiles of chi2 (dof 3: 7.815, 16.266; dof 5: 11.070, 20.515)
        assertEquals(Math.log(0.05), ChiSquareTail.logQ(7.8147, 3), 1e-4);
        assertEquals(Math.log(0.001), ChiSquareTail.logQ(16.2662, 3), 1e-4);
        assertEquals(Math.log(0.05), ChiSquareTail.logQ(11.0705, 5), 1e-4);
        assertEquals(Math.log(0.001), ChiSquareTail.logQ(20.5150, 5), 1e-4);
        // dof 4: Q = exp(-c/2) (1 + c/2), exact; both branches (series below a + 1, fraction above)
        for (double c : new double[] {0.5, 2, 3.9, 4.1, 30, 3000}) {
            assertEquals(-c / 2 + Math.log1p(c / 2), ChiSquareTail.logQ(c, 4), 1e-10 * Math.max(1, c), "chi2 " + c);
        }
        assertEquals(0, ChiSquareTail.sigmas(0, 3));
        assertTrue(Double.isNaN(ChiSquareTail.sigmas(4, 0)));
    }

    @Test
    void gaussianTailBranchesAgreeWhereTheyMeet() {
        assertEquals(ChiSquareTail.lnTwoSided(2.9999999), ChiSquareTail.lnTwoSided(3.0), 1e-6);
        // 2 (1 - Phi(3)) = 2.699796e-3
        assertEquals(Math.log(2.6997960e-3), ChiSquareTail.lnTwoSided(3.0), 1e-7);
    }
}
