#include <catch2/catch.hpp>

#include "experiments/sweep.h"
#include "experiments/sweep_params.h"

using namespace mutualab;

TEST_CASE("a sweep's params.json names each column as people read it", "[sweep][params]") {
  const SweepSpec s = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "named", "scenario": "preset:akerlof-flat-fee", "reps": 2,
    "cells": [{"label": "flat", "set": {"pool/feeRule/name": "flat", "pool/feeRule/params/loading": 0.2}},
              {"label": "credibility k=5", "set": {"pool/feeRule/name": "credibility", "pool/feeRule/params/k": 5}}],
    "grid": {"market/assets/0/volAnnual": [0.5, 0.9], "writers/theta/sd": [0.1]}
  })"), "t");
  const nlohmann::json p = sweepParamsJson(s);
  CHECK(p["name"] == "named");
  CHECK(p["kind"] == "cells x grid");
  CHECK(p["label_column"] == true);
  CHECK(p["cells"] == nlohmann::json{"flat", "credibility k=5"});
  REQUIRE(p["params"].size() == 5);
  auto row = [&](size_t i) { return p["params"][i]; };
  CHECK(row(0)["path"] == "pool/feeRule/name");
  CHECK(row(0)["name"] == "fee rule");
  CHECK(row(0)["from"] == "cells");
  // k is credibility's (the rule a cell names there), with its unit.
  CHECK(row(1)["name"] == "fee rule k");
  CHECK(row(1)["unit"] == "positions");
  CHECK(row(2)["name"] == "fee rule loading");
  CHECK(row(3)["path"] == "market/assets/0/volAnnual");
  CHECK(row(3)["name"] == "ETH volatility");  // the asset by its name in the base
  CHECK(row(3)["unit"] == "per year");
  CHECK(row(3)["from"] == "grid");
  CHECK(row(4)["name"] == "theta sd");

  const SweepSpec pools = parseSweepSpec(nlohmann::json::parse(R"({
    "name": "p", "scenario": "preset:tiered-pools", "reps": 2, "set": ["sim/steps=30", "writers/count=30"],
    "grid": {"pools/2/feeRule/name": ["flat", "risk-based"], "backstop/capital": [0], "pools/0/feeRule/params/capitalChargeAnnual": [0.1]}
  })"), "t");
  CHECK(sweptParamInfo(pools, "pools/2/feeRule/name").name == "sol fee rule");
  CHECK(sweptParamInfo(pools, "pools/0/feeRule/params/capitalChargeAnnual").name == "eth fee rule capitalChargeAnnual");
  CHECK(sweptParamInfo(pools, "pools/0/feeRule/params/capitalChargeAnnual").unit == "per year");
  CHECK(sweepParamsJson(pools)["kind"] == "grid");
  CHECK(sweepParamsJson(pools)["label_column"] == false);
  CHECK(!sweepParamsJson(pools).contains("cells"));
}
