// Top-level declarations of GRAMMAR.md section 2: import, user, event, channel, queue and
// cap (whose Pairs `limit` shares). Field names may be keywords (section 5).
#pragma once

#include "grammar/parser/expression_rules.hpp"

namespace onb::parser::rules {

// ---- Types ------------------------------------------------------------------------------
struct TypeBase : seq<RawIdentIn<"bool int float string time duration">, Ws> {};
struct EnumKeyword : seq<RawKeyword<"enum">, Ws> {};
struct EnumMember : seq<RawIdent, Ws> {};
struct EnumType : seq<EnumKeyword, Need<"`(` after `enum`", P<"(">>, Need<"an enum member name after `(`", EnumMember>,
                      star<P<",">, Need<"an enum member name after `,`", EnumMember>>,
                      Need<"`,` or `)` in the members of `enum(...)`", P<")">>> {};
struct TypeOptional : seq<RawPunct<"?">, Ws> {};
struct Type : seq<sor<TypeBase, EnumType,
                      Fail<"a type (`bool`, `int`, `float`, `string`, `time`, `duration` or `enum(...)`) after `:`">>,
                  opt<TypeOptional>> {};

// ---- Fields of `user` and `event` -------------------------------------------------------
struct FieldName : seq<RawFieldName, Ws> {};
struct Annotation : seq<RawToken<TokenKind::Annotation>, Ws> {};
struct FieldDefault : seq<P<"=">, Need<"a literal default value after `=`", Literal>> {};
struct Trait : seq<FieldName, Need<"`:` and a type after the field name `{prev}`", P<":">>, Type, opt<FieldDefault>,
                   star<Annotation>> {};
struct Property
    : seq<FieldName, Need<"`:` and a type after the property name `{prev}`", P<":">>, Type, star<Annotation>,
          Reject<"an event property has no default value (only `user` traits have defaults)", RawPunct<"=">>> {};

struct FieldsBegin : success {};
struct UserDecl : seq<RawKeyword<"user">, Ws, FieldsBegin, Need<"`{` after `user`", P<"{">>, star<Trait, opt<P<",">>>,
                      Need<"a field such as `name: string` or `}` to close `user { ... }`", P<"}">>> {};

struct EventName : seq<RawIdent, Ws> {};
struct WireName : seq<RawToken<TokenKind::String>, Ws> {};
struct EventDecl : seq<RawKeyword<"event">, Ws, Need<"an event name after `event`", EventName>, opt<WireName>,
                       opt<P<"{">, star<Property, opt<P<",">>>,
                           Need<"a property such as `name: string` or `}` to close the event's properties", P<"}">>>> {
};

// ---- Channels, queues, imports ----------------------------------------------------------
struct ChannelDecl : seq<RawKeyword<"channel">, Ws, Need<"a channel name after `channel`", IdentTok>,
                         opt<Kw<"requires">, Need<"a condition after `requires`", Expr>>> {};
struct QueueDecl : seq<RawKeyword<"queue">, Ws, Need<"a queue name after `queue`", IdentTok>> {};
struct ImportDecl
    : seq<RawKeyword<"import">, Ws, Need<"a file path string after `import`", RawToken<TokenKind::String>, Ws>> {};

// ---- Caps and limits --------------------------------------------------------------------
struct PairCount : seq<RawToken<TokenKind::Int>, Ws> {};
struct PairWindow : seq<RawToken<TokenKind::Duration>, Ws> {};
struct Pair : seq<PairCount, Need<"`per` after the count `{prev}`", Kw<"per">>,
                  Need<"a duration such as `1d` after `per`", PairWindow>> {};
// A `,` continues the list only when an INT follows (section 6, note 8).
struct Pairs : seq<Pair, star<RawPunct<",">, Ws, at<RawToken<TokenKind::Int>>, Pair>> {};
struct PairsBegin : success {};
struct CapChannel : seq<RawIdent, Ws> {};
struct CapDecl : seq<RawKeyword<"cap">, Ws, PairsBegin,
                     opt<Kw<"on">, Need<"a channel name after `on`", CapChannel>,
                         star<P<",">, Need<"a channel name after `,`", CapChannel>>>,
                     Need<"a count such as `1 per 1d` after `{prev}`", Pairs>> {};

}  // namespace onb::parser::rules
