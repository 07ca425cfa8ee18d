#include "sample_program.hpp"

#include <algorithm>

#include "stdlib/builtins.hpp"

namespace onb::bc::testing {

namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

FieldSpec field(std::string name, ValueType type, bool optional = false, bool sensitive = false) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.optional = optional;
  f.sensitive = sensitive;
  return f;
}

TraitSpec trait(std::string name, ValueType type, bool optional) {
  TraitSpec t;
  static_cast<FieldSpec&>(t) = field(std::move(name), type, optional);
  return t;
}

TraitSpec traitWithDefault(std::string name, ValueType type, Value value, std::string text = {}) {
  TraitSpec t = trait(std::move(name), type, false);
  t.hasDefault = true;
  t.defaultValue = value;
  t.defaultText = std::move(text);
  return t;
}

int32_t constant(Program& p, ValueType type, int64_t i, double f = 0) {
  Constant k;
  k.type = type;
  k.i = i;
  k.f = f;
  p.constants.push_back(k);
  return static_cast<int32_t>(p.constants.size() - 1);
}

int32_t stringConstant(Program& p, std::string_view s) {
  Constant k;
  k.type = ValueType::String;
  k.stringOffset = static_cast<uint32_t>(p.stringPool.size());
  k.stringLength = static_cast<uint32_t>(s.size());
  p.stringPool.append(s);
  p.constants.push_back(k);
  return static_cast<int32_t>(p.constants.size() - 1);
}

WithKey key(std::string name, ValueType type, bool optional = false) {
  WithKey k;
  k.key = std::move(name);
  k.type = type;
  k.optional = optional;
  return k;
}

// Hands out 8-aligned offsets of the per-user block in order.
struct Allocator {
  StateLayout& layout;
  uint32_t take(uint32_t bytes) {
    uint32_t at = layout.size;
    layout.size += bytes;
    return at;
  }
};

void buildSchema(Program& p) {
  Schema& s = p.schema;
  s.enums.push_back(EnumSpec{{"free", "pro", "enterprise"}});
  s.traits.push_back(trait("first_name", ValueType::String, true));
  TraitSpec plan = traitWithDefault("plan", ValueType::Enum, Value::ofInt(0));
  s.traits.push_back(plan);
  s.traits.push_back(traitWithDefault("email_consent", ValueType::Bool, Value::ofBool(false)));
  s.traits.push_back(traitWithDefault("sms_consent", ValueType::Bool, Value::ofBool(false)));
  s.traits.push_back(traitWithDefault("timezone", ValueType::String, Value::ofInt(0), "UTC"));
  s.traits.push_back(traitWithDefault("score", ValueType::Float, Value::ofFloat(1.5)));
  TraitSpec birthday = trait("birthday", ValueType::Time, true);
  birthday.sensitive = true;
  s.traits.push_back(birthday);
  s.timezoneTrait = 4;

  s.events.push_back(EventSpec{"signed_up", "Signed Up", {field("source", ValueType::String, true)}});
  s.events.push_back(EventSpec{"app_opened", "App Opened", {}});
  s.events.push_back(EventSpec{"project_created", "Project Created", {field("template", ValueType::String, true)}});
  s.events.push_back(EventSpec{"pricing_viewed", "Pricing Viewed", {}});
  s.events.push_back(
      EventSpec{"step_failed", "Step Failed", {field("step", ValueType::String), field("code", ValueType::Int)}});
  FieldSpec tier = field("tier", ValueType::Enum, true);
  s.events.push_back(EventSpec{
      "subscribed",
      "Subscribed",
      {field("plan", ValueType::String), tier, field("amount", ValueType::Float), field("at", ValueType::Time, true),
       field("trial", ValueType::Duration, true), field("annual", ValueType::Bool, false, true)}});
}

// Streams s0..s5 and history slots h0..h6 (see the header of sample_program.hpp).
void buildHistory(Program& p) {
  auto stream = [&](uint32_t event) {
    p.streams.push_back(HistoryStream{event, kNoFn, kNone, {}});
    return static_cast<uint32_t>(p.streams.size() - 1);
  };
  auto slot = [&](HistKind kind, uint32_t s, uint32_t k = 0, int64_t windowMs = 0) {
    p.historySlots.push_back(HistorySlot{kind, s, 0, k, windowMs});
    p.streams[s].slots.push_back(static_cast<uint32_t>(p.historySlots.size() - 1));
  };
  slot(HistKind::Count, stream(2));             // h0 count(project_created)
  slot(HistKind::Ring, stream(4), 3, kDay);     // h1 count(step_failed within 1d) >= 3
  slot(HistKind::Log, stream(3), 0, 7 * kDay);  // h2 count(pricing_viewed within 7d)
  uint32_t billing = stream(4);                 // s3 (step_failed where ...)
  p.streams[billing].filterFn = kBillingFilter;
  slot(HistKind::Count, billing);  // h3
  uint32_t opened = stream(1);
  slot(HistKind::First, opened);     // h4 first_time(app_opened)
  slot(HistKind::Last, opened);      // h5 last_time(app_opened), since(app_opened)
  slot(HistKind::Count, stream(5));  // h6 count(subscribed)
  // s6 (step_failed where event.code > 0 and now - entered_at < 1h): read at query time.
  uint32_t late = stream(4);
  p.streams[late].filterFn = kLateFailureFilter;
  p.streams[late].lazy = true;
  p.streams[late].keepMs = 7 * kDay;
}

void buildFunctions(Program& p) {
  using enum Op;
  int32_t kThere = stringConstant(p, "there");
  int32_t kWeek = constant(p, ValueType::Duration, 7 * kDay);
  int32_t kBilling = stringConstant(p, "billing");
  int32_t kHalf = constant(p, ValueType::Float, 0, 2.5);
  int32_t kOneHour = constant(p, ValueType::Duration, kHour);
  int32_t kDash = stringConstant(p, "-");
  int32_t kNewYear = constant(p, ValueType::Time, 1735689600000);
  int32_t kTrue = constant(p, ValueType::Bool, 1);
  int32_t kEnterprise = constant(p, ValueType::Enum, 2);
  int32_t kTen = constant(p, ValueType::Int, 10);
  auto call = [](uint16_t a, uint16_t b, stdlib::Overload id) {
    return insn(CallBuiltin, a, b, static_cast<int32_t>(id));
  };

  addFunction(p, 1, 1, kNone, {insn(LoadTrait, 0, 2), insn(Ret, 0, 1)}, 7);  // email requires
  addFunction(p, 1, 1, kNone, {insn(LoadTrait, 0, 3), insn(Ret, 0, 1)}, 8);  // sms requires
  addFunction(p, 4, 1, 4,
              {insn(LoadEventField, 0, 0), call(1, 0, stdlib::Overload::LowerS), insn(LoadConst, 2, 0, kBilling),
               insn(EqS, 3, 1, 2), insn(Ret, 3, 1)},
              30);
  addFunction(p, 3, 1, 0,
              {insn(LoadEventField, 0, 0), insn(LoadConst, 1, 0, kDash), insn(NeSOpt, 2, 0, 1), insn(Ret, 2, 1)}, 14);
  addFunction(p, 2, 1, 2,
              {insn(LoadEventField, 0, 0), insn(JumpIfPresent, 0, 0, 4), insn(LoadInt, 1, 0, 0), insn(Ret, 1, 1),
               insn(LoadInt, 1, 0, 1), insn(Ret, 1, 1)},
              15);
  addFunction(p, 3, 1, 5, {insn(LoadEventField, 0, 5), insn(Not, 1, 0), insn(Not, 2, 1), insn(Ret, 2, 1)}, 16);
  addFunction(p, 2, 1, kNone,
              {insn(LoadTraitOpt, 0, 0), insn(JumpIfPresent, 0, 0, 4), insn(LoadConst, 1, 0, kThere),
               insn(Jump, 0, 0, 5), insn(Move, 1, 0), insn(Ret, 1, 1)},
              24);
  addFunction(p, 1, 1, kNone, {insn(HistEver, 0, 0), insn(Ret, 0, 1)}, 29);
  addFunction(p, 3, 1, kNone, {insn(LoadTrait, 0, 1), insn(LoadInt, 1, 0, 0), insn(NeI, 2, 0, 1), insn(Ret, 2, 1)}, 35);
  addFunction(p, 1, 1, kNone, {insn(HistAtLeast, 0, 1), insn(Ret, 0, 1)}, 41);
  addFunction(p, 2, 2, 4, {insn(LoadEventField, 0, 0), insn(LoadEventField, 1, 1), insn(Ret, 0, 2)}, 43);
  addFunction(p, 6, 1, kNone,
              {insn(LoadTrait, 0, 1), insn(LoadInt, 1, 0, 2), insn(EqI, 2, 0, 1), insn(JumpIfTrue, 2, 0, 8),
               insn(LoadConst, 3, 0, kWeek), insn(HistCountWithin, 4, 2, 3), insn(LoadInt, 5, 0, 2), insn(GeI, 2, 4, 5),
               insn(Ret, 2, 1)},
              48);
  addFunction(p, 3, 1, kNone,
              {insn(LoadConst, 0, 0, kOneHour), insn(HistWithin, 1, 5, 0), insn(Not, 2, 1), insn(Ret, 2, 1)}, 47);
  addFunction(p, 3, 1, kNone, {insn(HistCount, 0, 6), insn(LoadInt, 1, 0, 0), insn(GtI, 2, 0, 1), insn(Ret, 2, 1)}, 55);
  addFunction(p, 3, 1, kNone, {insn(LoadNow, 0), insn(LoadConst, 1, 0, kNewYear), insn(GtI, 2, 0, 1), insn(Ret, 2, 1)},
              60);
  // The kitchen sink: every remaining opcode, returning r0..r11 (the keys of rule 6).
  addFunction(p, 34, 12, kNone,
              {insn(HistSince, 0, 5),
               insn(HistFirst, 1, 4),
               insn(HistLast, 2, 5),
               insn(LoadConst, 20, 0, kOneHour),
               insn(HistWithin, 3, 5, 20),
               insn(HistCount, 21, 6),
               insn(LoadInt, 22, 0, 3),
               insn(AddI, 23, 21, 22),
               insn(SubI, 23, 23, 22),
               insn(MulI, 23, 23, 22),
               insn(DivI, 23, 23, 22),
               insn(ModI, 24, 23, 22),
               insn(NegI, 4, 24),
               insn(IntToFloat, 25, 23),
               insn(LoadConst, 26, 0, kHalf),
               insn(AddF, 27, 25, 26),
               insn(SubF, 27, 27, 26),
               insn(MulF, 27, 27, 26),
               insn(DivF, 27, 27, 26),
               insn(ModF, 27, 27, 26),
               insn(NegF, 5, 27),
               insn(LoadUserId, 28),
               insn(LoadConst, 29, 0, kDash),
               insn(Concat, 6, 28, 29),
               insn(LoadNow, 7),
               insn(LoadEnteredAt, 8),
               insn(EqI, 30, 21, 22),
               insn(NeI, 30, 21, 22),
               insn(LtI, 30, 21, 22),
               insn(LeI, 30, 21, 22),
               insn(GtI, 30, 21, 22),
               insn(GeI, 30, 21, 22),
               insn(EqF, 30, 25, 26),
               insn(NeF, 30, 25, 26),
               insn(LtF, 30, 25, 26),
               insn(LeF, 30, 25, 26),
               insn(GtF, 30, 25, 26),
               insn(GeF, 30, 25, 26),
               insn(EqS, 30, 28, 29),
               insn(NeS, 30, 28, 29),
               insn(LtS, 30, 28, 29),
               insn(LeS, 30, 28, 29),
               insn(GtS, 30, 28, 29),
               insn(GeS, 30, 28, 29),
               insn(LoadConst, 9, 0, kTrue),
               insn(JumpIfFalse, 30, 0, 47),
               insn(Not, 9, 30),
               insn(LoadMissing, 10),
               insn(EqIOpt, 31, 1, 2),
               insn(NeIOpt, 31, 1, 2),
               insn(EqFOpt, 31, 25, 26),
               insn(NeFOpt, 31, 25, 26),
               insn(EqSOpt, 31, 10, 29),
               insn(NeSOpt, 11, 28, 29),
               call(32, 21, stdlib::Overload::MinII),
               call(33, 28, stdlib::Overload::LenS),
               insn(Ret, 0, 12)},
              70);
  addFunction(p, 1, 1, 5, {insn(LoadEventField, 0, 5), insn(Ret, 0, 1)}, 80);
  addFunction(p, 9, 6, 5,
              {insn(LoadEventField, 0, 0), insn(LoadEventField, 1, 1), insn(LoadEventField, 2, 2),
               insn(LoadEventField, 3, 3), insn(LoadEventField, 4, 4), insn(LoadTraitOpt, 5, 5),
               insn(LoadConst, 6, 0, kEnterprise), insn(EqIOpt, 7, 1, 6), insn(LoadConst, 8, 0, kTen), insn(Ret, 0, 6)},
              82);
  addFunction(p, 6, 1, 4,
              {insn(LoadEventField, 0, 1), insn(LoadInt, 1, 0, 0), insn(GtI, 2, 0, 1), insn(JumpIfFalse, 2, 0, 9),
               insn(LoadNow, 3), insn(LoadEnteredAt, 4), insn(SubI, 5, 3, 4), insn(LoadConst, 3, 0, kOneHour),
               insn(LtI, 2, 5, 3), insn(Ret, 2, 1)},
              90);
  addFunction(p, 6, 1, kNone,
              {insn(FilterCount, 0, 6), insn(LoadConst, 1, 0, kOneHour), insn(FilterCountWithin, 2, 6, 1),
               insn(FilterFirst, 3, 6), insn(FilterLast, 4, 6), insn(GtI, 5, 0, 2), insn(Ret, 5, 1)},
              91);
}

Rule makeRule(std::string name, uint32_t journey, Trigger trigger, std::vector<uint32_t> events) {
  Rule r;
  r.name = std::move(name);
  r.journey = journey;
  r.trigger = trigger;
  r.whenEvents = std::move(events);
  if (trigger == Trigger::When)
    for (uint32_t e : r.whenEvents) r.bodies.push_back(RuleBody{e, kNoFn, {}, kNoFn});
  else
    r.bodies.push_back(RuleBody{kNone, kNoFn, {}, kNoFn});
  return r;
}

void addCondition(Rule& r, bool isUnless, uint32_t line, int32_t fn) {
  r.conditions.push_back(Condition{isUnless, line});
  for (RuleBody& body : r.bodies) body.conditionFns.push_back(fn);
}

void buildRules(Program& p) {
  Rule welcome = makeRule("welcome", 0, Trigger::When, {0});
  welcome.bodies[0].withFn = kWelcomeWith;
  welcome.with = {key("name", ValueType::String)};
  welcome.text = "welcome";
  welcome.destination = 0;

  Rule nudge = makeRule("first_project_nudge", 0, Trigger::After, {});
  nudge.delayMs = kDay;
  addCondition(nudge, true, 29, kUnlessProject);
  nudge.text = "create-first-project";
  nudge.destination = 0;

  Rule rescue = makeRule("sms_rescue", 0, Trigger::After, {});
  rescue.delayMs = 3 * kDay;
  addCondition(rescue, true, 34, kUnlessProject);
  addCondition(rescue, false, 35, kPlanNotFree);
  rescue.text = "need-a-hand";
  rescue.destination = 1;

  Rule stuck = makeRule("stuck", 0, Trigger::When, {4});
  addCondition(stuck, false, 41, kStuckCondition);
  stuck.limits = {Pair{1, 7 * kDay}};
  stuck.limitText = "1 per 7d";
  stuck.limitLine = 42;
  stuck.limitRingSize = 1;
  stuck.action = Action::Handoff;
  stuck.destination = 0;
  stuck.with = {key("step", ValueType::String), key("code", ValueType::Int)};
  stuck.bodies[0].withFn = kStuckWith;

  Rule pricing = makeRule("pricing_intent", 0, Trigger::When, {3, 1});
  pricing.bodies[1].whereFn = kPricingOpenedWhere;
  addCondition(pricing, false, 48, kPricingCondition);
  pricing.once = true;
  pricing.limitText = "once";
  pricing.limitLine = 49;
  pricing.action = Action::Handoff;
  pricing.destination = 1;

  Rule quiet = makeRule("gone_quiet", 0, Trigger::After, {});
  quiet.delayMs = 3 * kDay;
  quiet.anchor = Anchor::LastAny;
  addCondition(quiet, true, 55, kUnlessSubscribed);
  quiet.text = "we-miss-you";
  quiet.destination = 0;

  Rule followup = makeRule("first_open_followup", 0, Trigger::After, {});
  followup.delayMs = 2 * kHour;
  followup.anchor = Anchor::First;
  followup.anchorEvent = 1;
  followup.anchorWhereFn.assign(p.schema.events.size(), kNoFn);
  followup.anchorWhereFn[1] = kAnchorWhere;
  followup.action = Action::Emit;
  followup.text = "debug";
  followup.with = {key("since_open", ValueType::Duration, true),
                   key("first_open", ValueType::Time, true),
                   key("last_open", ValueType::Time, true),
                   key("recent", ValueType::Bool),
                   key("n", ValueType::Int),
                   key("ratio", ValueType::Float),
                   key("who", ValueType::String),
                   key("at", ValueType::Time),
                   key("entered", ValueType::Time),
                   key("flag", ValueType::Bool),
                   key("maybe", ValueType::String, true),
                   key("opt", ValueType::Bool)};
  followup.bodies[0].withFn = kKitchenSinkWith;

  Rule subscribed = makeRule("subscribed_emit", 0, Trigger::When, {5});
  subscribed.bodies[0].whereFn = kSubscribedWhere;
  subscribed.bodies[0].withFn = kSubscribedWith;
  subscribed.limits = {Pair{2, kDay}, Pair{3, 7 * kDay}};
  subscribed.limitText = "2 per 1d, 3 per 7d";
  subscribed.limitLine = 81;
  subscribed.limitRingSize = 3;
  subscribed.action = Action::Emit;
  subscribed.text = "subscribed";
  WithKey tier = key("tier", ValueType::Enum, true);
  subscribed.with = {key("plan", ValueType::String),          tier,
                     key("amount", ValueType::Float),         key("at", ValueType::Time, true),
                     key("trial", ValueType::Duration, true), key("score", ValueType::Float)};

  Rule thanks = makeRule("thanks", 1, Trigger::When, {5});
  thanks.text = "thanks";
  thanks.destination = 2;
  addCondition(thanks, false, 91, kThanksCondition);

  p.rules = {welcome, nudge, rescue, stuck, pricing, quiet, followup, subscribed, thanks};
}

void buildJourneysAndCaps(Program& p) {
  p.channels = {Channel{"email", kEmailRequires}, Channel{"sms", kSmsRequires}, Channel{"in_app", kNoFn}};
  p.queues = {"csm", "sales"};

  Journey activation;
  activation.name = "activation";
  activation.enterEvent = 0;
  activation.enterWhereFn = kEnterWhere;
  activation.hasGoal = true;
  activation.goalEvent = 2;
  activation.goalWithinMs = 7 * kDay;
  activation.goalWhereFn = kGoalWhere;
  activation.exits = {ExitWhen{5, kNoFn, kExitIf}};
  activation.exitAfterMs = 30 * kDay;
  activation.holdoutHundredths = 1000;
  activation.hasQuiet = true;
  activation.quietStart = 21 * 60;
  activation.quietEnd = 8 * 60;
  activation.retentionEvent = 1;
  activation.caps = {1};
  activation.ruleBegin = 0;
  activation.ruleEnd = 8;

  Journey upgrade;
  upgrade.name = "upgrade";
  upgrade.enterEvent = 5;
  upgrade.ruleBegin = 8;
  upgrade.ruleEnd = 9;
  p.journeys = {activation, upgrade};

  p.caps.push_back(
      Cap{-1, {0, 1}, {Pair{1, 86'400'000}, Pair{4, 7 * 86'400'000LL}}, "on email, sms 1 per 1d, 4 per 7d", 13, 0, 4});
  p.caps.push_back(Cap{0, {2}, {Pair{2, 86'400'000}}, "on in_app 2 per 1d", 22, 0, 2});
}

void buildLayout(Program& p) {
  Allocator a{p.layout};
  p.layout.traitOffset.assign(p.schema.traits.size(), kNone);
  for (size_t t = 0; t + 1 < p.schema.traits.size(); ++t) p.layout.traitOffset[t] = a.take(16);  // not birthday
  for (HistorySlot& h : p.historySlots) h.offset = a.take(h.kind == HistKind::Ring ? 8 * h.k + 8 : 8);
  for (HistoryStream& s : p.streams)
    if (s.lazy) s.logOffset = a.take(8);
    else if (s.filterFn != kNoFn) s.errorOffset = a.take(16);
  for (Journey& j : p.journeys) j.stateOffset = a.take(16);
  for (Rule& r : p.rules) {
    if (r.trigger == Trigger::After) r.timerOffset = a.take(32);
    if (r.trigger == Trigger::After && r.anchor == Anchor::First) r.armedOffset = a.take(8);
    if (r.once) r.limitOffset = a.take(8);
    if (!r.limits.empty()) r.limitOffset = a.take(8 * r.limitRingSize + 8);
  }
  for (Cap& c : p.caps) c.ringOffset = a.take(8 * c.ringSize + 8);
}

}  // namespace

int32_t addFunction(Program& p, uint16_t regs, uint16_t results, uint32_t event, std::initializer_list<Insn> code,
                    uint32_t line) {
  Function f;
  f.codeBegin = static_cast<uint32_t>(p.code.size());
  for (const Insn& x : code) {
    p.code.push_back(x);
    p.lines.push_back(line);
  }
  f.codeEnd = static_cast<uint32_t>(p.code.size());
  f.registerCount = regs;
  f.resultCount = results;
  f.event = event;
  p.functions.push_back(f);
  p.maxRegisters = std::max<uint32_t>(p.maxRegisters, regs);
  return static_cast<int32_t>(p.functions.size() - 1);
}

Insn& insnOf(Program& p, int32_t fn, uint32_t index) { return p.code[p.functions[fn].codeBegin + index]; }

Program sampleProgram() {
  Program p;
  buildSchema(p);
  buildHistory(p);
  buildFunctions(p);
  buildRules(p);
  buildJourneysAndCaps(p);
  buildLayout(p);
  p.files = {"activation.onb"};
  p.sourceHash = "0123456789abcdef";
  return p;
}

}  // namespace onb::bc::testing
