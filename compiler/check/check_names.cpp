// Names in expressions: `now`, `entered_at`, event names (as bools, in `within` and in
// history built-ins), `user.F`, `event.F`, and calls of built-in functions.
#include "compiler/check/expr_typing.hpp"

namespace onb::checker {

void ExprTyper::computeNode(ast::ExprId id, const ExprContext& ctx) {
  const ast::Expr& e = node(id);
  Type t = Type::error();
  switch (e.kind) {
    case ast::ExprKind::Error: break;
    case ast::ExprKind::IntLit:
    case ast::ExprKind::DurationLit:
      if (e.outOfRange) {
        sink().report(DiagKind::LiteralOutOfRange, e.span,
                      e.kind == ast::ExprKind::IntLit ? "this integer does not fit in 64 bits"
                                                      : "this duration does not fit in 64-bit milliseconds");
        break;
      }
      t = Type::of(e.kind == ast::ExprKind::IntLit ? TypeKind::Int : TypeKind::Duration);
      break;
    case ast::ExprKind::FloatLit: t = Type::of(TypeKind::Float); break;
    case ast::ExprKind::StringLit: t = Type::of(TypeKind::String); break;
    case ast::ExprKind::BoolLit: t = Type::of(TypeKind::Bool); break;
    case ast::ExprKind::TimeLit: t = Type::of(TypeKind::Time); break;
    case ast::ExprKind::Name: t = name(id, ctx); break;
    case ast::ExprKind::Paren:
      t = typeOf(e.lhs);
      info_.resolutions[id] = info_.resolutions[e.lhs];
      break;
    case ast::ExprKind::EventRef: t = eventRef(id); break;
    case ast::ExprKind::Within: t = within(id); break;
    case ast::ExprKind::UserField: t = userField(id, ctx); break;
    case ast::ExprKind::EventField: t = eventField(id, ctx); break;
    case ast::ExprKind::Call: t = call(id); break;
    case ast::ExprKind::Unary: t = unary(id); break;
    case ast::ExprKind::Binary: t = binary(id); break;
    case ast::ExprKind::In: t = in(id); break;
  }
  info_.types[id] = t;
}

Type ExprTyper::name(ast::ExprId id, const ExprContext& ctx) {
  const ast::Expr& e = node(id);
  std::string_view text = e.name.text;
  if (text == "now") {
    info_.resolutions[id] = {sema::ResKind::Now};
    return Type::of(TypeKind::Time);
  }
  if (text == "entered_at") {
    if (!ctx.allowEnteredAt) {
      sink().report(DiagKind::NotAvailableHere, e.span,
                    fmt::format("`entered_at` is not available here: {}", ctx.enteredAtReason));
      return Type::error();
    }
    info_.resolutions[id] = {sema::ResKind::EnteredAt};
    return Type::of(TypeKind::Time);
  }
  int32_t event = c_.findEvent(text);
  if (event >= 0) {
    c_.out_.events[event].used = true;
    info_.resolutions[id] = {sema::ResKind::EventEver, static_cast<uint32_t>(event)};
    return Type::of(TypeKind::Bool);
  }
  Diagnostic& d = sink().report(DiagKind::UnknownName, e.span, fmt::format("unknown name `{}`", text));
  std::vector<std::string_view> names = c_.eventNames();
  names.push_back("now");
  names.push_back("entered_at");
  if (c_.out_.findTrait(text) >= 0) d.notes.push_back({Span{}, fmt::format("did you mean `user.{}`?", text)});
  else if (std::string hint = Checker::suggest(text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
  else d.notes.push_back({Span{}, "a bare name in an expression is `now`, `entered_at` or an event name"});
  return Type::error();
}

int32_t ExprTyper::eventOfRef(ast::ExprId id) {
  const sema::Resolution& r = info_.resolutions[id];
  if (r.kind == sema::ResKind::EventEver) return static_cast<int32_t>(r.index);
  return -1;
}

Type ExprTyper::eventRef(ast::ExprId id) {
  const ast::Expr& e = node(id);
  int32_t event = c_.findEvent(e.name.text);
  if (event < 0) {
    Diagnostic& d = sink().report(DiagKind::UnknownName, e.name.span, fmt::format("unknown event `{}`", e.name.text));
    if (std::string hint = Checker::suggest(e.name.text, c_.eventNames()); !hint.empty()) d.notes.push_back({Span{}, hint});
    return Type::error();
  }
  c_.out_.events[event].used = true;
  if (e.lhs != ast::kNoExpr) {
    Type filter = typeOf(e.lhs);
    if (!filter.isError() && (filter.kind != TypeKind::Bool || filter.optional)) {
      sink().report(filter.kind == TypeKind::Bool ? DiagKind::OptionalWithoutCoalesce : DiagKind::TypeMismatch,
                    node(e.lhs).span, fmt::format("the `where` filter needs a bool, found {}", c_.typeName(filter)));
    }
  }
  info_.resolutions[id] = {sema::ResKind::EventEver, static_cast<uint32_t>(event)};
  return Type::of(TypeKind::Bool);
}

Type ExprTyper::within(ast::ExprId id) {
  const ast::Expr& e = node(id);
  Type l = typeOf(e.lhs), r = typeOf(e.rhs);
  if (l.isError() || r.isError()) return Type::error();
  int32_t event = eventOfRef(e.lhs);
  if (event < 0) {
    sink().report(DiagKind::TypeMismatch, node(e.lhs).span, "`within` can only follow an event name");
    return Type::error();
  }
  if (r.kind != TypeKind::Duration || r.optional) {
    sink().report(r.kind == TypeKind::Duration ? DiagKind::OptionalWithoutCoalesce : DiagKind::TypeMismatch,
                  node(e.rhs).span, fmt::format("`within` needs a duration such as `1d`, found {}", c_.typeName(r)));
    return Type::error();
  }
  info_.resolutions[id] = {sema::ResKind::EventWithin, static_cast<uint32_t>(event)};
  return Type::of(TypeKind::Bool);
}

void ExprTyper::sensitiveRead(Span span, std::string_view what, const ExprContext& ctx) {
  if (ctx.inWith)
    sink().report(DiagKind::SensitiveInWith, span,
                  fmt::format("{} is @sensitive and may not be written into an action's `with`", what));
  else if (ctx.inCondition)
    sink().report(DiagKind::SensitiveInCondition, span, fmt::format("{} is @sensitive and decides this condition", what));
}

Type ExprTyper::userField(ast::ExprId id, const ExprContext& ctx) {
  const ast::Expr& e = node(id);
  if (e.name.text == "id") {
    info_.resolutions[id] = {sema::ResKind::UserId};
    return Type::of(TypeKind::String);
  }
  int32_t trait = c_.out_.findTrait(e.name.text);
  if (trait < 0) {
    Diagnostic& d = sink().report(DiagKind::UnknownField, e.span, fmt::format("`user` has no trait `{}`", e.name.text));
    std::vector<std::string_view> names;
    for (const auto& t : c_.out_.traits) names.push_back(t.name);
    names.push_back("id");
    if (std::string hint = Checker::suggest(e.name.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
    return Type::error();
  }
  auto& info = c_.out_.traits[trait];
  info.used = true;
  if (info.sensitive) sensitiveRead(e.span, fmt::format("`user.{}`", info.name), ctx);
  info_.resolutions[id] = {sema::ResKind::Trait, static_cast<uint32_t>(trait)};
  return info.type;
}

Type ExprTyper::eventField(ast::ExprId id, const ExprContext& ctx) {
  const ast::Expr& e = node(id);
  if (ctx.events.empty()) {
    sink().report(DiagKind::NoEventHere, e.span, fmt::format("`event.{}` cannot be read here: {}", e.name.text, ctx.noEventReason));
    return Type::error();
  }
  Type result = Type::error();
  bool sensitive = false;
  for (size_t i = 0; i < ctx.events.size(); ++i) {
    const sema::EventInfo& ev = c_.out_.events[ctx.events[i]];
    int32_t p = ev.findProperty(e.name.text);
    if (p < 0) {
      if (ctx.events.size() == 1) {
        Diagnostic& d = sink().report(DiagKind::UnknownField, e.span,
                                      fmt::format("event `{}` has no property `{}`", ev.name, e.name.text));
        std::vector<std::string_view> names;
        for (const auto& prop : ev.properties) names.push_back(prop.name);
        if (std::string hint = Checker::suggest(e.name.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
      } else {
        sink().report(DiagKind::FieldNotShared, e.span,
                      fmt::format("`event.{}` must be a property of every alternative, and `{}` has none", e.name.text, ev.name));
      }
      return Type::error();
    }
    const sema::FieldInfo& prop = ev.properties[p];
    if (i == 0) {
      result = prop.type;
    } else if (!result.sameBase(prop.type)) {
      sink().report(DiagKind::FieldNotShared, e.span,
                    fmt::format("`event.{}` is {} in `{}` but {} in `{}`", e.name.text, c_.typeName(result.base()),
                                c_.out_.events[ctx.events[0]].name, c_.typeName(prop.type.base()), ev.name));
      return Type::error();
    } else {
      result.optional = result.optional || prop.type.optional;
    }
    sensitive = sensitive || prop.sensitive;
  }
  if (sensitive) sensitiveRead(e.span, fmt::format("`event.{}`", e.name.text), ctx);
  info_.resolutions[id] = {sema::ResKind::EventField};
  return result;
}

Type ExprTyper::call(ast::ExprId id) {
  const ast::Expr& e = node(id);
  for (const ast::ExprId* a = mod_.argsBegin(e); a != mod_.argsEnd(e); ++a)
    if (typeOf(*a).isError()) return Type::error();
  if (const stdlib::HistoryInfo* fn = stdlib::findHistory(e.name.text)) return historyCall(id, *fn);
  return valueCall(id);
}

Type ExprTyper::historyCall(ast::ExprId id, const stdlib::HistoryInfo& fn) {
  const ast::Expr& e = node(id);
  if (e.argsCount != 1) {
    sink().report(DiagKind::WrongArguments, e.span, fmt::format("`{}` takes one event, such as `{}(signed_up)`", fn.name, fn.name));
    return Type::error();
  }
  ast::ExprId arg = mod_.argsBegin(e)[0];
  if (typeOf(arg).isError()) return Type::error();
  const ast::Expr& a = node(arg);
  int32_t event = -1;
  if (a.kind == ast::ExprKind::Within) {
    if (!fn.allowsWithin) {
      sink().report(DiagKind::WrongArguments, a.span, fmt::format("`{}` takes no `within`: it reads the whole history", fn.name));
      return Type::error();
    }
    event = static_cast<int32_t>(info_.resolutions[arg].index);
  } else {
    event = eventOfRef(arg);
  }
  if (event < 0) {
    sink().report(DiagKind::WrongArguments, a.span, fmt::format("`{}` takes an event name", fn.name));
    return Type::error();
  }
  info_.resolutions[id] = {sema::ResKind::History, static_cast<uint32_t>(event), fn.id};
  switch (fn.result) {
    case stdlib::SigType::Int: return Type::of(TypeKind::Int);
    case stdlib::SigType::OptTime: return Type::of(TypeKind::Time, true);
    case stdlib::SigType::OptDuration: return Type::of(TypeKind::Duration, true);
    default: return Type::error();
  }
}

namespace {

TypeKind sigKind(stdlib::SigType s) {
  switch (s) {
    case stdlib::SigType::Bool: return TypeKind::Bool;
    case stdlib::SigType::Int: return TypeKind::Int;
    case stdlib::SigType::Float: return TypeKind::Float;
    case stdlib::SigType::String: return TypeKind::String;
    case stdlib::SigType::Time:
    case stdlib::SigType::OptTime: return TypeKind::Time;
    case stdlib::SigType::Duration:
    case stdlib::SigType::OptDuration: return TypeKind::Duration;
    case stdlib::SigType::None: break;
  }
  return TypeKind::Error;
}

}  // namespace

Type ExprTyper::valueCall(ast::ExprId id) {
  const ast::Expr& e = node(id);
  std::vector<const stdlib::OverloadInfo*> candidates;
  for (const auto& o : stdlib::allOverloads())
    if (o.name == e.name.text) candidates.push_back(&o);
  if (candidates.empty()) {
    std::vector<std::string_view> names{"count", "first_time", "last_time", "since"};
    for (const auto& o : stdlib::allOverloads()) names.push_back(o.name);
    Diagnostic& d = sink().report(DiagKind::UnknownFunction, e.name.span, fmt::format("unknown function `{}`", e.name.text));
    if (std::string hint = Checker::suggest(e.name.text, names); !hint.empty()) d.notes.push_back({Span{}, hint});
    return Type::error();
  }
  const ast::ExprId* args = mod_.argsBegin(e);
  if (e.argsCount != candidates[0]->arity) {
    sink().report(DiagKind::WrongArguments, e.span,
                  fmt::format("`{}` takes {} argument{}, found {}", e.name.text, candidates[0]->arity,
                              candidates[0]->arity == 1 ? "" : "s", e.argsCount));
    return Type::error();
  }
  for (uint32_t i = 0; i < e.argsCount; ++i)
    if (!requireNonOptional(args[i], typeOf(args[i]), fmt::format("an argument of `{}`", e.name.text))) return Type::error();
  // Exact match first, then with int arguments promoted to float.
  for (int pass = 0; pass < 2; ++pass) {
    for (const stdlib::OverloadInfo* o : candidates) {
      bool ok = true;
      for (uint32_t i = 0; i < e.argsCount && ok; ++i) {
        TypeKind want = sigKind(o->params[i]);
        TypeKind have = typeOf(args[i]).kind;
        ok = have == want || (pass == 1 && want == TypeKind::Float && have == TypeKind::Int);
      }
      if (!ok) continue;
      for (uint32_t i = 0; i < e.argsCount; ++i)
        if (sigKind(o->params[i]) == TypeKind::Float && typeOf(args[i]).kind == TypeKind::Int) promote(args[i]);
      sema::Resolution r{sema::ResKind::Builtin};
      r.overload = o->id;
      info_.resolutions[id] = r;
      return Type::of(sigKind(o->result));
    }
  }
  std::string have, expected;
  for (uint32_t i = 0; i < e.argsCount; ++i) have += (i ? ", " : "") + c_.typeName(typeOf(args[i]));
  for (const stdlib::OverloadInfo* o : candidates) {
    expected += expected.empty() ? "(" : ", (";
    for (uint32_t i = 0; i < o->arity; ++i) expected += std::string(i ? ", " : "") + c_.typeName(Type::of(sigKind(o->params[i])));
    expected += ")";
  }
  sink().report(DiagKind::WrongArguments, e.span,
                fmt::format("`{}` cannot take ({}); it takes {}", e.name.text, have, expected));
  return Type::error();
}

}  // namespace onb::checker
