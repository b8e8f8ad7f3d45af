#!/usr/bin/env python3
"""Coefficients of the pricing kernel's erfc (core/kernel_math.h, erfcxPoly).

The kernel writes erfc(y) = e^{-y^2} * t * g(u) for 0 <= y <= 27, where
t = K/(K+y) with K = 4 and u = (108 - 35y)/(108 + 27y) is t mapped linearly
from [4/31, 1] onto [-1, 1]. g is smooth and bounded away from zero (1 at
y = 0, 0.16 at y = 27), so a polynomial of degree 23 in u holds it to about
2e-19: its Chebyshev series, computed here at 50 digits on Chebyshev-Gauss
nodes, truncated, and turned into powers of u (the coefficients shrink
steadily, so the power form loses nothing in double). Leaving t out of g
(fitting erfc(y)e^{y^2} itself) would cost accuracy: near y = 27 that
polynomial's terms cancel, and the kernel measured 4.5e-15 instead of 8.5e-16.

Prints the coefficients, lowest power first, as C++ literals. Needs mpmath
(Debian: python3-mpmath). Usage: python3 scripts/fit_erfcx.py [terms]
"""
import sys

import mpmath as mp

mp.mp.dps = 50
K = mp.mpf(4)
Y_MAX = mp.mpf(27)
TERMS = int(sys.argv[1]) if len(sys.argv) > 1 else 24
T_MIN = K / (K + Y_MAX)


def g(u):
    t = T_MIN + (u + 1) / 2 * (1 - T_MIN)
    y = K / t - K
    return mp.erfc(y) * mp.exp(y * y) / t


def chebyshev(f, n):
    m = n + 30
    nodes = [mp.cos(mp.pi * (j + mp.mpf(1) / 2) / m) for j in range(m)]
    values = [f(x) for x in nodes]
    c = [2 * mp.fsum(values[j] * mp.cos(mp.pi * k * (j + mp.mpf(1) / 2) / m) for j in range(m)) / m
         for k in range(n)]
    c[0] /= 2
    return c


def to_powers(c):
    # T_0 = 1, T_1 = u, T_k = 2u T_{k-1} - T_{k-2}, as lists of power coefficients.
    T = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    while len(T) < len(c):
        a = [mp.mpf(0)] + [2 * x for x in T[-1]]
        b = T[-2] + [mp.mpf(0)] * (len(a) - len(T[-2]))
        T.append([x - y for x, y in zip(a, b)])
    powers = [mp.mpf(0)] * len(c)
    for ck, Tk in zip(c, T):
        for i, x in enumerate(Tk):
            powers[i] += ck * x
    return powers


c = chebyshev(g, TERMS + 8)
print("// first dropped Chebyshev coefficient: %s" % mp.nstr(abs(c[TERMS]), 3))
print("// t_min = K/(K+27) = %s" % mp.nstr(T_MIN, 20))
for i, a in enumerate(to_powers(c[:TERMS])):
    print("%s,  // u^%d" % (mp.nstr(a, 20), i))
