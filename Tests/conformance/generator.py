"""Seeded random Cedar scenarios for differential testing: a schema, entities that conform to it, policies that
mix every operator family, and requests the schema allows.

Everything is plain data (dicts and lists) rendered to the files both engines read, so a failing scenario can be
shrunk by dropping items and rendered again.
"""

import json
import random

LONG_MAX = 9223372036854775807
LONG_MIN = -9223372036854775808

TYPE_NAMES = ["User", "Group", "Doc", "Folder", "Clinic"]
ATTRIBUTE_NAMES = ["age", "name", "level", "flags", "owner", "info", "addr", "score", "active", "tags", "n"]
ID_POOL = ["alice", "bob", "a\"b", "caf\u00e9", "x y", "0", "back\\slash", "tab\there", "\u2603", "z"]
STRING_POOL = ["", "a", "abc", "ABC", "a*c", "caf\u00e9", "line\nbreak", "quote\"d", "back\\slash", "\u2603x", "*"]
IP_POOL = ["10.0.0.1", "10.0.0.0/8", "127.0.0.1", "192.168.1.10/24", "::1", "ff02::1", "224.0.0.1",
           "2001:db8::/32", "0.0.0.0/0", "1.2.3.4/32"]
BAD_IP_POOL = ["10.0.0.256", "1.2.3", "::g", "10.0.0.1/33", "01.2.3.4"]
DECIMAL_POOL = ["0.0", "1.5", "-1.5", "12.3456", "922337203685477.5807", "-922337203685477.5808", "3.1"]
BAD_DECIMAL_POOL = ["1.23456", "1", "922337203685477.5808", "abc", ".5"]
DATETIME_POOL = ["2024-01-01", "2024-02-29T12:30:00Z", "2023-12-31T23:59:59.999Z", "1970-01-01T00:00:00+0100",
                 "2024-06-30T08:00:00-0730", "2099-12-31", "1969-07-20T20:17:00.500Z"]
BAD_DATETIME_POOL = ["2024-13-01", "2024-02-30", "24-01-01", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00",
                     "1969-07-20T20:17:00.5Z"]
DURATION_POOL = ["1d", "2h30m", "-1h", "90s", "1d2h3m4s5ms", "0ms", "-15m", "36500d"]
BAD_DURATION_POOL = ["1y", "h", "1h1d", "", "1.5h"]
TAG_KEYS = ["ward", "level", "caf\u00e9", "has space", ""]
LONG_POOL = [0, 1, -1, 2, 7, 42, 1000, -1000, LONG_MAX, LONG_MIN, LONG_MAX - 1, 3037000500, -3037000500]

# Precedence levels for printing with only the parentheses Cedar needs (higher binds tighter).
P_IF, P_OR, P_AND, P_REL, P_ADD, P_MUL, P_UNARY, P_MEMBER = range(8)


def cedar_string(text):
    """A Cedar string literal for `text`, escaping what Cedar requires and a few things it merely allows."""
    out = []
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) > 0x7F:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def cedar_pattern(elements):
    """A `like` pattern: elements are `*` wildcards or literal strings (whose stars are escaped)."""
    out = []
    for element in elements:
        if element is None:
            out.append("*")
        else:
            out.append(cedar_string(element)[1:-1].replace("*", "\\*"))
    return '"' + "".join(out) + '"'


def uid_text(uid):
    return "%s::%s" % (uid[0], cedar_string(uid[1]))


class Scenario:
    """One schema, its entities, policies and requests; rendered to the files both engines read."""

    def __init__(self, schema, schema_format, use_schema, entities, policies, requests):
        self.schema = schema
        self.schema_format = schema_format
        self.use_schema = use_schema
        self.entities = entities
        self.policies = policies
        self.requests = requests

    def policies_text(self):
        return "\n".join(self.policies) + "\n"

    def entities_json(self):
        return json.dumps(self.entities, ensure_ascii=False, indent=1)

    def schema_text(self):
        if not self.use_schema:
            return None
        return render_schema_json(self.schema) if self.schema_format == "json" else render_schema_text(self.schema)

    def schema_file_name(self):
        return "schema.json" if self.schema_format == "json" else "schema.cedarschema"

    def replace(self, **changes):
        fields = dict(self.__dict__)
        fields.update(changes)
        return Scenario(**fields)


# Schema model: {"namespace": str|None, "types": {name: {"parents": [name], "attrs": {attr: (type, required)}}},
# "actions": {name: {"groups": [name], "principals": [name], "resources": [name], "context": {attr: (type, req)}}}}
# Attribute types: ("Bool",), ("Long",), ("String",), ("Set", t), ("Record", {attr: (t, req)}), ("Entity", name),
# ("ipaddr",), ("decimal",). Names in the model are unqualified; `qualify` adds the namespace.


def render_type_text(t, ns):
    kind = t[0]
    if kind in ("Bool", "Long", "String"):
        return kind
    if kind in ("ipaddr", "decimal", "datetime", "duration"):
        return kind
    if kind == "Set":
        return "Set<%s>" % render_type_text(t[1], ns)
    if kind == "Entity":
        return t[1]
    fields = ", ".join("%s%s: %s" % (cedar_string(name), "" if req else "?", render_type_text(ft, ns))
                       for name, (ft, req) in t[1].items())
    return "{%s}" % fields


def render_schema_text(schema):
    ns = schema["namespace"]
    lines = []
    for name, spec in schema["types"].items():
        parents = " in [%s]" % ", ".join(spec["parents"]) if spec["parents"] else ""
        attrs = render_type_text(("Record", spec["attrs"]), ns)
        tags = " tags %s" % render_type_text(spec["tags"], ns) if spec.get("tags") else ""
        lines.append("entity %s%s %s%s;" % (name, parents, attrs, tags))
    for name, spec in schema["actions"].items():
        groups = " in [%s]" % ", ".join(cedar_string(g) for g in spec["groups"]) if spec["groups"] else ""
        applies = ""
        if spec["principals"]:
            applies = " appliesTo { principal: [%s], resource: [%s], context: %s }" % (
                ", ".join(spec["principals"]), ", ".join(spec["resources"]),
                render_type_text(("Record", spec["context"]), ns))
        lines.append("action %s%s%s;" % (cedar_string(name), groups, applies))
    body = "\n".join(lines)
    if ns:
        return "namespace %s {\n%s\n}\n" % (ns, body)
    return body + "\n"


def render_type_json(t):
    kind = t[0]
    if kind in ("Bool", "Long", "String"):
        return {"type": "Boolean" if kind == "Bool" else kind}
    if kind in ("ipaddr", "decimal", "datetime", "duration"):
        return {"type": "Extension", "name": kind}
    if kind == "Set":
        return {"type": "Set", "element": render_type_json(t[1])}
    if kind == "Entity":
        return {"type": "Entity", "name": t[1]}
    attributes = {}
    for name, (ft, req) in t[1].items():
        attribute = render_type_json(ft)
        if not req:
            attribute["required"] = False
        attributes[name] = attribute
    return {"type": "Record", "attributes": attributes}


def render_schema_json(schema):
    entity_types = {}
    for name, spec in schema["types"].items():
        entity_types[name] = {"memberOfTypes": spec["parents"], "shape": render_type_json(("Record", spec["attrs"]))}
        if spec.get("tags"):
            entity_types[name]["tags"] = render_type_json(spec["tags"])
    actions = {}
    for name, spec in schema["actions"].items():
        action = {}
        if spec["groups"]:
            action["memberOf"] = [{"id": g} for g in spec["groups"]]
        if spec["principals"]:
            action["appliesTo"] = {"principalTypes": spec["principals"], "resourceTypes": spec["resources"],
                                   "context": render_type_json(("Record", spec["context"]))}
        actions[name] = action
    return json.dumps({schema["namespace"] or "": {"entityTypes": entity_types, "actions": actions}}, indent=1)


class Generator:
    """Builds scenarios from one seeded random source."""

    def __init__(self, rng):
        self.rng = rng

    # ----- schema -----

    def scenario(self, requests):
        r = self.rng
        schema = self.schema()
        self.ns = schema["namespace"]
        self.schema_model = schema
        self.use_schema = r.random() < 0.75
        self.uids = self.entity_uids(schema)
        entities = self.entities(schema)
        policies = [self.policy() for _ in range(r.randint(2, 8))]
        reqs = [self.request(schema) for _ in range(requests)]
        return Scenario(schema, r.choice(["text", "json"]), self.use_schema, entities, policies, reqs)

    def schema(self):
        r = self.rng
        names = r.sample(TYPE_NAMES, r.randint(2, 4))
        types = {}
        for i, name in enumerate(names):
            # Parents only among earlier types (and the type itself), so hierarchies stay acyclic by construction.
            candidates = names[:i] + ([name] if r.random() < 0.3 else [])
            parents = r.sample(candidates, min(len(candidates), r.randint(0, 2)))
            types[name] = {"parents": parents, "attrs": {}}
        for name in names:
            types[name]["attrs"] = self.attribute_record(names, depth=0, count=r.randint(0, 4))
            # Tags: a declared value type, read with hasTag and getTag.
            types[name]["tags"] = r.choice([("Long",), ("String",), ("Set", ("String",))]) if r.random() < 0.4 else None
        actions = {}
        if r.random() < 0.5:
            actions["readGroup"] = {"groups": [], "principals": [], "resources": [], "context": {}}
        for action in r.sample(["view", "edit", "delete"], r.randint(1, 3)):
            groups = ["readGroup"] if "readGroup" in actions and r.random() < 0.6 else []
            actions[action] = {
                "groups": groups,
                "principals": r.sample(names, r.randint(1, len(names))),
                "resources": r.sample(names, r.randint(1, len(names))),
                "context": self.attribute_record(names, depth=0, count=r.randint(0, 3)),
            }
        namespace = r.choice([None, None, "App", "Med::Records"])
        return {"namespace": namespace, "types": types, "actions": actions}

    def attribute_record(self, type_names, depth, count):
        r = self.rng
        attrs = {}
        for name in r.sample(ATTRIBUTE_NAMES, count):
            attrs[name] = (self.attribute_type(type_names, depth), r.random() < 0.75)
        return attrs

    def attribute_type(self, type_names, depth):
        r = self.rng
        choices = ["Bool", "Long", "Long", "String", "Entity", "ipaddr", "decimal", "datetime", "duration"]
        if depth < 2:
            choices += ["Set", "Record"]
        kind = r.choice(choices)
        if kind == "Set":
            return ("Set", r.choice([("Long",), ("String",), ("Entity", r.choice(type_names))]))
        if kind == "Record":
            return ("Record", self.attribute_record(type_names, depth + 1, r.randint(1, 3)))
        if kind == "Entity":
            return ("Entity", r.choice(type_names))
        return (kind,)

    def qualify(self, name):
        return "%s::%s" % (self.ns, name) if self.ns else name

    def action_type(self):
        return self.qualify("Action")

    # ----- entities -----

    def entity_uids(self, schema):
        r = self.rng
        uids = {}
        for name in schema["types"]:
            uids[name] = [(self.qualify(name), i) for i in r.sample(ID_POOL, r.randint(1, 4))]
        return uids

    def entities(self, schema):
        r = self.rng
        order = [uid for name in schema["types"] for uid in self.uids[name]]
        position = {uid: i for i, uid in enumerate(order)}
        result = []
        for name, spec in schema["types"].items():
            for uid in self.uids[name]:
                parents = []
                for parent_type in spec["parents"]:
                    for parent in self.uids[parent_type]:
                        # Only parents earlier in a fixed order: the hierarchy stays a DAG.
                        if position[parent] < position[uid] and r.random() < 0.5:
                            parents.append({"type": parent[0], "id": parent[1]})
                attrs = self.record_value(spec["attrs"])
                entity = {"uid": {"type": uid[0], "id": uid[1]}, "attrs": attrs, "parents": parents}
                if spec.get("tags"):
                    entity["tags"] = {key: self.value(spec["tags"]) for key in r.sample(TAG_KEYS, r.randint(0, 3))}
                result.append(entity)
        if not self.use_schema:
            for name, spec in schema["actions"].items():
                parents = [{"type": self.action_type(), "id": g} for g in spec["groups"]]
                result.append({"uid": {"type": self.action_type(), "id": name}, "attrs": {}, "parents": parents})
        return result

    def record_value(self, attrs):
        result = {}
        for name, (t, required) in attrs.items():
            if required or self.rng.random() < 0.5:
                result[name] = self.value(t)
        return result

    def value(self, t):
        r = self.rng
        kind = t[0]
        if kind == "Bool":
            return r.random() < 0.5
        if kind == "Long":
            return r.choice(LONG_POOL + [r.randint(-50, 50)] * 4)
        if kind == "String":
            return r.choice(STRING_POOL)
        if kind == "Entity":
            uid = r.choice(self.uids[t[1]]) if r.random() < 0.9 else (self.qualify(t[1]), "ghost")
            return {"__entity": {"type": uid[0], "id": uid[1]}}
        if kind == "ipaddr":
            return {"__extn": {"fn": "ip", "arg": r.choice(IP_POOL)}}
        if kind == "decimal":
            return {"__extn": {"fn": "decimal", "arg": r.choice(DECIMAL_POOL)}}
        if kind == "datetime":
            return {"__extn": {"fn": "datetime", "arg": r.choice(DATETIME_POOL)}}
        if kind == "duration":
            return {"__extn": {"fn": "duration", "arg": r.choice(DURATION_POOL)}}
        if kind == "Set":
            return [self.value(t[1]) for _ in range(r.randint(0, 3))]
        return self.record_value(t[1])

    # ----- requests -----

    def request(self, schema):
        r = self.rng
        actions = [a for a, spec in schema["actions"].items() if spec["principals"]]
        action = r.choice(actions)
        spec = schema["actions"][action]
        principal = self.request_uid(r.choice(spec["principals"]))
        resource = self.request_uid(r.choice(spec["resources"]))
        return {
            "principal": {"type": principal[0], "id": principal[1]},
            "action": {"type": self.action_type(), "id": action},
            "resource": {"type": resource[0], "id": resource[1]},
            "context": self.record_value(spec["context"]),
        }

    def request_uid(self, type_name):
        if self.rng.random() < 0.1:
            return (self.qualify(type_name), "nobody")
        return self.rng.choice(self.uids[type_name])

    # ----- policies -----

    def policy(self):
        r = self.rng
        effect = "permit" if r.random() < 0.6 else "forbid"
        scope = "%s(%s, %s, %s)" % (effect, self.scope("principal"), self.action_scope(), self.scope("resource"))
        conditions = []
        for _ in range(r.choices([0, 1, 2, 3], [2, 5, 3, 1])[0]):
            keyword = "when" if r.random() < 0.7 else "unless"
            conditions.append("%s { %s }" % (keyword, self.render(self.bool_expr(3))))
        if r.random() < 0.3:
            # An equality guard opening the first `when`, as site rules are written (`principal.department ==
            # "x" && ...`): the engine's index files these by literal, so they must come up often.
            rest = " && " + self.wrap(self.bool_expr(2), P_AND + 1) if r.random() < 0.7 else ""
            conditions.insert(0, "when { %s%s }" % (self.render(self.equality_guard()), rest))
        annotation = '@id("p%d") ' % r.randint(0, 99) if r.random() < 0.2 else ""
        return annotation + " ".join([scope] + conditions) + ";"

    def any_uid(self):
        r = self.rng
        type_name = r.choice(list(self.uids))
        if r.random() < 0.1:
            return (self.qualify(type_name), "ghost")
        return r.choice(self.uids[type_name])

    def scope(self, variable):
        r = self.rng
        form = r.choices(["any", "==", "in", "is", "is in"], [4, 2, 2, 2, 1])[0]
        if form == "any":
            return variable
        if form == "==":
            return "%s == %s" % (variable, uid_text(self.any_uid()))
        if form == "in":
            return "%s in %s" % (variable, uid_text(self.any_uid()))
        type_name = self.qualify(r.choice(list(self.uids)))
        if form == "is":
            return "%s is %s" % (variable, type_name)
        return "%s is %s in %s" % (variable, type_name, uid_text(self.any_uid()))

    def action_uid(self):
        return (self.action_type(), self.rng.choice(list(self.schema_model["actions"])))

    def action_scope(self):
        r = self.rng
        form = r.choices(["any", "==", "in", "in []"], [4, 3, 1, 2])[0]
        if form == "any":
            return "action"
        if form == "==":
            return "action == %s" % uid_text(self.action_uid())
        if form == "in":
            return "action in %s" % uid_text(self.action_uid())
        return "action in [%s]" % ", ".join(uid_text(self.action_uid()) for _ in range(r.randint(1, 3)))

    # Expressions are trees of (precedence, text-builder) made by the typed generators below; most are well typed,
    # and some attribute accesses and extension calls fail at run time on purpose.

    def render(self, node):
        return node[1]

    def wrap(self, node, minimum):
        return node[1] if node[0] >= minimum else "(%s)" % node[1]

    def bool_expr(self, depth):
        r = self.rng
        if depth <= 0:
            return r.choice([self.bool_leaf, self.attribute_of("Bool")])() if r.random() < 0.8 else self.bool_leaf()
        choice = r.choices(
            ["leaf", "compare", "equal", "and", "or", "not", "has", "like", "in", "is", "contains", "if", "ip",
             "decimal", "guarded", "attr", "record", "has chain", "time", "tag"],
            [1, 4, 3, 2, 2, 1, 2, 2, 3, 2, 3, 1, 2, 2, 2, 2, 1, 1, 3, 2])[0]
        d = depth - 1
        if choice == "leaf":
            return self.bool_leaf()
        if choice == "compare":
            op = r.choice(["<", "<=", ">", ">="])
            return self.relation(self.long_expr(d), op, self.long_expr(d))
        if choice == "equal":
            maker = r.choice([self.long_expr, self.string_expr, self.entity_expr, self.set_expr, self.record_expr,
                              self.ip_expr, self.bool_expr])
            other = maker if r.random() < 0.85 else r.choice([self.long_expr, self.string_expr])
            return self.relation(maker(d), r.choice(["==", "!="]), other(d))
        if choice in ("and", "or"):
            op, level = ("&&", P_AND) if choice == "and" else ("||", P_OR)
            left, right = self.bool_expr(d), self.bool_expr(d)
            if r.random() < 0.1:
                right = self.long_expr(d)
            return (level, "%s %s %s" % (self.wrap(left, level), op, self.wrap(right, level + 1)))
        if choice == "not":
            return (P_UNARY, "!" + self.wrap(self.bool_expr(d), P_UNARY))
        if choice == "has":
            base = r.choice([self.variable_node("principal"), self.variable_node("resource"),
                             self.variable_node("context"), self.record_expr(d)])
            return (P_REL, "%s has %s" % (self.wrap(base, P_ADD), self.attribute_name()))
        if choice == "has chain":
            base = r.choice(["principal", "resource", "context"])
            names = [self.attribute_name(quoted=False) for _ in range(r.randint(2, 3))]
            return (P_REL, "%s has %s" % (base, ".".join(names)))
        if choice == "like":
            pattern = [r.choice([None, r.choice(STRING_POOL)]) for _ in range(r.randint(1, 3))]
            return (P_REL, "%s like %s" % (self.wrap(self.string_expr(d), P_ADD), cedar_pattern(pattern)))
        if choice == "in":
            right = self.entity_expr(d) if r.random() < 0.6 else self.entity_set_expr(d)
            return self.relation(self.entity_expr(d), "in", right)
        if choice == "is":
            type_name = self.qualify(r.choice(list(self.uids)))
            text = "%s is %s" % (self.wrap(self.entity_expr(d), P_ADD), type_name)
            if r.random() < 0.3:
                text += " in %s" % self.wrap(self.entity_expr(d), P_ADD)
            return (P_REL, text)
        if choice == "contains":
            return self.set_method(d)
        if choice == "if":
            return self.if_expr(d, self.bool_expr)
        if choice == "ip":
            method = r.choice(["isIpv4()", "isIpv6()", "isLoopback()", "isMulticast()", "isInRange(%s)"])
            if "%s" in method:
                method = method % self.render(self.ip_expr(d))
            return (P_MEMBER, "%s.%s" % (self.wrap(self.ip_expr(d), P_MEMBER), method))
        if choice == "decimal":
            method = r.choice(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"])
            return (P_MEMBER, "%s.%s(%s)" % (self.wrap(self.decimal_expr(d), P_MEMBER), method,
                                             self.render(self.decimal_expr(d))))
        if choice == "guarded":
            return self.guarded(d)
        if choice == "tag":
            return self.tag_test(d)
        if choice == "time":
            maker = r.choice([self.datetime_expr, self.duration_expr])
            other = maker if r.random() < 0.9 else self.long_expr
            return self.relation(maker(d), r.choice(["<", "<=", ">", ">=", "==", "!="]), other(d))
        if choice == "record":
            return (P_MEMBER, "%s.%s" % (self.wrap(self.record_literal(d, {"flag": self.bool_expr}), P_MEMBER),
                                         "flag"))
        return self.attribute_of("Bool")()

    def bool_leaf(self):
        return (P_MEMBER, self.rng.choice(["true", "false"]))

    def relation(self, left, op, right):
        return (P_REL, "%s %s %s" % (self.wrap(left, P_ADD), op, self.wrap(right, P_ADD)))

    def if_expr(self, depth, maker):
        return (P_IF, "if %s then %s else %s" % (self.render(self.bool_expr(depth)), self.render(maker(depth)),
                                                 self.render(maker(depth))))

    def guarded(self, depth):
        """`v is T && v has a && v.a ...`: access that type-checks, the usual way policies are written."""
        r = self.rng
        variable = r.choice(["principal", "resource"])
        type_name = r.choice(list(self.schema_model["types"]))
        attrs = self.schema_model["types"][type_name]["attrs"]
        if not attrs:
            return self.bool_leaf()
        name = r.choice(list(attrs))
        t = attrs[name][0]
        access = "%s.%s" % (variable, name)
        test = self.test_for(t, (P_MEMBER, access), depth)
        return (P_AND, "%s is %s && %s has %s && %s" % (variable, self.qualify(type_name), variable, name,
                                                         self.wrap(test, P_AND + 1)))

    def test_for(self, t, node, depth):
        """A Bool expression about a value of schema type `t`."""
        kind = t[0]
        if kind == "Bool":
            return node
        if kind == "Long":
            return self.relation(node, self.rng.choice(["<", ">=", "=="]), self.long_expr(depth))
        if kind == "String":
            return (P_REL, "%s like %s" % (self.wrap(node, P_ADD), cedar_pattern([None, "a", None])))
        if kind == "Entity":
            return self.relation(node, "in", self.entity_expr(depth))
        if kind == "ipaddr":
            return (P_MEMBER, "%s.isInRange(ip(%s))" % (self.wrap(node, P_MEMBER),
                                                       cedar_string(self.rng.choice(IP_POOL))))
        if kind == "decimal":
            return (P_MEMBER, "%s.lessThan(decimal(%s))" % (self.wrap(node, P_MEMBER),
                                                            cedar_string(self.rng.choice(DECIMAL_POOL))))
        if kind == "datetime":
            return self.relation(node, self.rng.choice(["<", ">="]), self.datetime_expr(depth))
        if kind == "duration":
            return self.relation(node, self.rng.choice(["<", ">="]), self.duration_expr(depth))
        if kind == "Set":
            return (P_MEMBER, "%s.containsAny(%s)" % (self.wrap(node, P_MEMBER), self.render(self.set_expr(depth))))
        if t[1]:
            name = self.rng.choice(list(t[1]))
            return (P_REL, "%s has %s" % (self.wrap(node, P_ADD), name))
        return self.relation(node, "==", (P_MEMBER, "{}"))

    def equality_guard(self):
        """`VAR.attr == literal` (or the other way round) on a Bool, Long, String or entity attribute; now and
        then with a literal of another type, which never matches."""
        r = self.rng
        kind = r.choice(["Bool", "Long", "String", "Entity"])
        attribute = self.attribute_of(kind)()
        literal = self.literal_of(kind if r.random() < 0.85 else r.choice(["Long", "String"]))
        if kind == "Entity" and r.random() < 0.5:
            # A literal the attribute can actually hold, so that guards match as well as miss.
            names = [t[1] for spec in self.schema_model["types"].values() for (t, _) in spec["attrs"].values()
                     if t[0] == "Entity"]
            if names:
                literal = (P_MEMBER, uid_text(r.choice(self.uids[r.choice(names)])))
        if r.random() < 0.25:
            attribute, literal = literal, attribute
        return self.relation(attribute, "==", literal)

    def attribute_name(self, quoted=True):
        r = self.rng
        if quoted and r.random() < 0.1:
            return cedar_string(r.choice(["has space", "caf\u00e9", "age"]))
        return r.choice(ATTRIBUTE_NAMES)

    def variable_node(self, name):
        return (P_MEMBER, name)

    def attribute_of(self, kind):
        """A maker for an attribute access that should have schema type `kind`; it may fail at run time."""

        def make():
            r = self.rng
            found = []
            for type_name, spec in self.schema_model["types"].items():
                for name, (t, _) in spec["attrs"].items():
                    if t[0] == kind:
                        found.append((r.choice(["principal", "resource"]), name))
            for spec in self.schema_model["actions"].values():
                for name, (t, _) in spec["context"].items():
                    if t[0] == kind:
                        found.append(("context", name))
            if not found:
                return None
            variable, name = r.choice(found)
            if r.random() < 0.15:
                return (P_MEMBER, '%s["%s"]' % (variable, name))
            return (P_MEMBER, "%s.%s" % (variable, name))

        def with_fallback():
            node = make()
            return node if node else self.literal_of(kind)

        return with_fallback

    def literal_of(self, kind):
        r = self.rng
        if kind == "Bool":
            return self.bool_leaf()
        if kind == "Long":
            return self.long_leaf()
        if kind == "String":
            return (P_MEMBER, cedar_string(r.choice(STRING_POOL)))
        if kind == "ipaddr":
            return (P_MEMBER, "ip(%s)" % cedar_string(r.choice(IP_POOL)))
        if kind == "decimal":
            return (P_MEMBER, "decimal(%s)" % cedar_string(r.choice(DECIMAL_POOL)))
        if kind == "datetime":
            return (P_MEMBER, "datetime(%s)" % cedar_string(r.choice(DATETIME_POOL)))
        if kind == "duration":
            return (P_MEMBER, "duration(%s)" % cedar_string(r.choice(DURATION_POOL)))
        if kind == "Entity":
            return (P_MEMBER, uid_text(self.any_uid()))
        if kind == "Set":
            return (P_MEMBER, "[]")
        return (P_MEMBER, "{}")

    def long_leaf(self):
        value = self.rng.choice(LONG_POOL + [self.rng.randint(-100, 100)] * 3)
        return (P_UNARY if value < 0 else P_MEMBER, str(value))

    def long_expr(self, depth):
        r = self.rng
        if depth <= 0:
            return self.long_leaf() if r.random() < 0.6 else self.attribute_of("Long")()
        choice = r.choices(["leaf", "attr", "+", "-", "*", "neg", "if", "record", "chain", "duration"],
                           [3, 3, 2, 2, 2, 1, 1, 1, 1, 1])[0]
        d = depth - 1
        if choice == "leaf":
            return self.long_leaf()
        if choice == "attr":
            return self.attribute_of("Long")()
        if choice in ("+", "-"):
            return (P_ADD, "%s %s %s" % (self.wrap(self.long_expr(d), P_ADD), choice,
                                         self.wrap(self.long_expr(d), P_MUL)))
        if choice == "*":
            return (P_MUL, "%s * %s" % (self.wrap(self.long_expr(d), P_MUL), self.wrap(self.long_expr(d), P_UNARY)))
        if choice == "neg":
            return (P_UNARY, "-" + self.wrap(self.long_expr(d), P_MEMBER))
        if choice == "if":
            return self.if_expr(d, self.long_expr)
        if choice == "duration":
            unit = r.choice(["toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds"])
            return (P_MEMBER, "%s.%s()" % (self.wrap(self.duration_expr(d), P_MEMBER), unit))
        if choice == "chain":
            # Unparenthesized mixes test precedence: a + b * c - d.
            parts = [self.wrap(self.long_leaf(), P_UNARY) for _ in range(4)]
            return (P_ADD, "%s + %s * %s - %s" % tuple(parts))
        return (P_MEMBER, "%s.value" % self.wrap(self.record_literal(d, {"value": self.long_expr}), P_MEMBER))

    def string_expr(self, depth):
        r = self.rng
        if depth <= 0 or r.random() < 0.5:
            return self.literal_of("String")
        if r.random() < 0.7:
            return self.attribute_of("String")()
        return self.if_expr(depth - 1, self.string_expr)

    def entity_expr(self, depth):
        r = self.rng
        choice = r.choices(["principal", "resource", "action", "literal", "attr", "if"], [3, 3, 1, 3, 2, 1])[0]
        if choice in ("principal", "resource", "action"):
            return (P_MEMBER, choice)
        if choice == "literal":
            return (P_MEMBER, uid_text(self.any_uid()) if r.random() < 0.8 else uid_text(self.action_uid()))
        if choice == "attr":
            return self.attribute_of("Entity")()
        if depth <= 0:
            return (P_MEMBER, "principal")
        return self.if_expr(depth - 1, self.entity_expr)

    def entity_set_expr(self, depth):
        r = self.rng
        if r.random() < 0.3:
            node = self.attribute_of("Set")()
            if node[1] != "[]":
                return node
        return (P_MEMBER, "[%s]" % ", ".join(self.render(self.entity_expr(depth - 1)) for _ in range(r.randint(0, 3))))

    def set_expr(self, depth):
        r = self.rng
        if r.random() < 0.3:
            return self.attribute_of("Set")()
        maker = r.choice([self.long_expr, self.string_expr, self.entity_expr])
        return (P_MEMBER, "[%s]" % ", ".join(self.render(maker(depth - 1)) for _ in range(r.randint(0, 3))))

    def set_method(self, depth):
        r = self.rng
        receiver = self.wrap(self.set_expr(depth), P_MEMBER)
        method = r.choice(["contains", "containsAll", "containsAny", "isEmpty"])
        if method == "isEmpty":
            return (P_MEMBER, "%s.isEmpty()" % receiver)
        if method == "contains":
            element = r.choice([self.long_expr, self.string_expr, self.entity_expr])(depth)
            return (P_MEMBER, "%s.contains(%s)" % (receiver, self.render(element)))
        return (P_MEMBER, "%s.%s(%s)" % (receiver, method, self.render(self.set_expr(depth))))

    def record_literal(self, depth, fields):
        r = self.rng
        parts = []
        for name, maker in fields.items():
            parts.append("%s: %s" % (name if r.random() < 0.7 else cedar_string(name), self.render(maker(depth))))
        if r.random() < 0.5:
            parts.append('"extra": %s' % self.render(self.long_expr(0)))
        r.shuffle(parts)
        return (P_MEMBER, "{%s}" % ", ".join(parts))

    def record_expr(self, depth):
        r = self.rng
        choice = r.choice(["context", "attr", "literal"])
        if choice == "context":
            return (P_MEMBER, "context")
        if choice == "attr":
            return self.attribute_of("Record")()
        return self.record_literal(depth - 1, {self.attribute_name(quoted=False): self.long_expr})

    def ip_expr(self, depth):
        r = self.rng
        if r.random() < 0.3:
            return self.attribute_of("ipaddr")()
        pool = BAD_IP_POOL if r.random() < 0.05 else IP_POOL
        return (P_MEMBER, "ip(%s)" % cedar_string(r.choice(pool)))

    def tag_test(self, depth):
        """`e.hasTag(k)`, or a guarded or bare `e.getTag(k)` compared with a value of the declared tag type."""
        r = self.rng
        tagged = [name for name, spec in self.schema_model["types"].items() if spec.get("tags")]
        variable = r.choice(["principal", "resource"])
        key = cedar_string(r.choice(TAG_KEYS))
        if not tagged or r.random() < 0.2:
            entity = self.render(self.entity_expr(depth))
            return (P_MEMBER, "%s.hasTag(%s)" % (entity if entity in ("principal", "resource") else "(%s)" % entity,
                                                 key))
        type_name = r.choice(tagged)
        t = self.schema_model["types"][type_name]["tags"]
        value = self.test_for(t, (P_MEMBER, "%s.getTag(%s)" % (variable, key)), depth)
        if r.random() < 0.7:
            return (P_AND, "%s is %s && %s.hasTag(%s) && %s" % (variable, self.qualify(type_name), variable, key,
                                                                  self.wrap(value, P_AND + 1)))
        return value

    def datetime_expr(self, depth):
        """A datetime: a literal, an attribute, or one moved by a duration with offset()."""
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return self.attribute_of("datetime")()
        if roll < 0.45 and depth > 0:
            return (P_MEMBER, "%s.offset(%s)" % (self.wrap(self.datetime_expr(depth - 1), P_MEMBER),
                                                 self.render(self.duration_expr(depth - 1))))
        if roll < 0.55 and depth > 0:
            return (P_MEMBER, "%s.toDate()" % self.wrap(self.datetime_expr(depth - 1), P_MEMBER))
        pool = BAD_DATETIME_POOL if r.random() < 0.05 else DATETIME_POOL
        return (P_MEMBER, "datetime(%s)" % cedar_string(r.choice(pool)))

    def duration_expr(self, depth):
        """A duration: a literal, an attribute, the time between two datetimes, or a datetime's time of day."""
        r = self.rng
        roll = r.random()
        if roll < 0.25:
            return self.attribute_of("duration")()
        if roll < 0.4 and depth > 0:
            return (P_MEMBER, "%s.durationSince(%s)" % (self.wrap(self.datetime_expr(depth - 1), P_MEMBER),
                                                        self.render(self.datetime_expr(depth - 1))))
        if roll < 0.5 and depth > 0:
            return (P_MEMBER, "%s.toTime()" % self.wrap(self.datetime_expr(depth - 1), P_MEMBER))
        pool = BAD_DURATION_POOL if r.random() < 0.05 else DURATION_POOL
        return (P_MEMBER, "duration(%s)" % cedar_string(r.choice(pool)))

    def decimal_expr(self, depth):
        r = self.rng
        if r.random() < 0.3:
            return self.attribute_of("decimal")()
        pool = BAD_DECIMAL_POOL if r.random() < 0.05 else DECIMAL_POOL
        return (P_MEMBER, "decimal(%s)" % cedar_string(r.choice(pool)))


def generate(seed, index, requests):
    """The scenario for (seed, index): the same inputs always give the same scenario."""
    return Generator(random.Random("%s-%s" % (seed, index))).scenario(requests)
