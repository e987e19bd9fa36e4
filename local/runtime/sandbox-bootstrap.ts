/**
 * Source of the code that runs INSIDE the sandbox context once, before any resolver. Everything
 * handed to resolver code is created here, in the sandbox realm: a host-realm object would expose
 * the host's Function constructor through `.constructor` and so the whole Node process.
 * Host values entering the sandbox are deep-copied by `adopt` (sandbox values pass by identity);
 * host functions are reached only through sandbox wrappers.
 */
export const SANDBOX_BOOTSTRAP = String.raw`
(function bootstrap(host) {
  'use strict';
  const KEEP = new Set(['util', 'extensions', 'runtime', 'console', 'JSON', 'Math', 'Number', 'Object', 'Array', 'String', 'NaN', 'Infinity', 'undefined']);
  const ObjectProto = Object.prototype;
  const ArrayProto = Array.prototype;
  const FunctionCtor = Function;
  const { getPrototypeOf, keys, defineProperty, freeze, getOwnPropertyNames } = Object;
  const isArray = Array.isArray;
  const nativeParse = JSON.parse;

  function setMember(target, key, value) {
    if (key === '__proto__') defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else target[key] = value;
  }

  function adopt(value) {
    if (value === null || value === undefined) return value;
    const type = typeof value;
    if (type === 'function') return value instanceof FunctionCtor ? value : undefined;
    if (type !== 'object') return value;
    const proto = getPrototypeOf(value);
    if (proto === ObjectProto || proto === ArrayProto || proto === InfoProto) return value;
    if (isArray(value)) {
      const list = [];
      for (let i = 0; i < value.length; i++) list.push(adopt(value[i]));
      return list;
    }
    if (typeof value.toJSON === 'function') return adopt(value.toJSON());
    const copy = {};
    for (const key of keys(value)) {
      const member = adopt(value[key]);
      if (member !== undefined) setMember(copy, key, member);
    }
    return copy;
  }

  function wrap(hostFn) {
    return function (...args) {
      return adopt(hostFn(...args));
    };
  }

  function facade(hostObject) {
    const out = {};
    for (const key of keys(hostObject)) {
      const member = hostObject[key];
      if (typeof member === 'function') out[key] = wrap(member);
      else if (member !== null && typeof member === 'object') out[key] = facade(member);
      else out[key] = member;
    }
    return freeze(out);
  }

  // AppSync's JSON.parse answers '' instead of throwing on invalid input
  JSON.parse = function parse(text, reviver) {
    try {
      return nativeParse(text, reviver);
    } catch (e) {
      return '';
    }
  };

  const globals = globalThis;
  defineProperty(globals, 'util', { value: facade(host.util), enumerable: false });
  defineProperty(globals, 'extensions', { value: facade(host.extensions), enumerable: false });
  defineProperty(globals, 'runtime', { value: facade(host.runtime), enumerable: false });
  defineProperty(globals, 'console', { value: facade(host.console), enumerable: false });
  const modules = new Map();
  for (const specifier of keys(host.modules)) modules.set(specifier, facade(host.modules[specifier]));

  // nothing but the APPSYNC_JS globals stays reachable; shared intrinsics are frozen so one
  // resolver cannot change the language under another
  const intrinsics = [Object, Array, String, Number, Boolean, Symbol, Function, Math, JSON, Error, TypeError, RangeError, SyntaxError, ReferenceError, Promise, RegExp, Date];
  for (const intrinsic of intrinsics) {
    freeze(intrinsic);
    if (intrinsic.prototype) freeze(intrinsic.prototype);
  }
  freeze(getPrototypeOf([][Symbol.iterator]()));
  for (const name of getOwnPropertyNames(globals)) {
    if (!KEEP.has(name)) delete globals[name];
  }

  let remaining = 0;
  function tick() {
    remaining -= 1;
    if (remaining < 0) host.iterationLimitExceeded();
  }
  function importModule(specifier) {
    const namespace = modules.get(specifier);
    if (namespace === undefined) host.unknownModule(specifier);
    return namespace;
  }

  // ctx.info: the selection sets are computed on first read, and are not own enumerable members (JSON.stringify
  // leaves them out). Getters on one frozen prototype, with the host's functions in private fields no resolver
  // code can reach: an accessor defined per context made every context a slow, one-off object.
  function settle(source, hostInfo, fallback) {
    return adopt(typeof source === 'function' ? source.call(hostInfo) : source === undefined ? fallback : source);
  }
  class Info {
    #host;
    #list;
    #listSettled = false;
    #graphql;
    #graphqlSettled = false;
    constructor(hostInfo) {
      this.fieldName = hostInfo.fieldName;
      this.parentTypeName = hostInfo.parentTypeName;
      this.variables = adopt(hostInfo.variables) ?? {};
      this.#host = hostInfo;
    }
    get selectionSetList() {
      if (!this.#listSettled) {
        this.#list = settle(this.#host.selectionSetList, this.#host, []);
        this.#listSettled = true;
      }
      return this.#list;
    }
    get selectionSetGraphQL() {
      if (!this.#graphqlSettled) {
        this.#graphql = settle(this.#host.selectionSetGraphQL, this.#host, '');
        this.#graphqlSettled = true;
      }
      return this.#graphql;
    }
  }
  const InfoProto = Info.prototype;
  freeze(Info);
  freeze(InfoProto);

  function makeStash(hostStash) {
    const stash = {};
    if (hostStash) for (const key of keys(hostStash)) setMember(stash, key, adopt(hostStash[key]));
    return stash;
  }

  function makeContext(input, stash, outErrors) {
    const info = new Info(input.info || {});
    const args = adopt(input.arguments) ?? {};
    const ctx = {
      arguments: args,
      args,
      identity: adopt(input.identity) ?? null,
      source: adopt(input.source) ?? null,
      stash,
      result: adopt(input.result),
      request: adopt(input.request) ?? { headers: {}, domainName: null },
      info,
      env: adopt(input.env) ?? {},
      outErrors: adopt(outErrors),
    };
    if (input.prev !== undefined) ctx.prev = adopt(input.prev);
    if (input.error !== undefined) ctx.error = adopt(input.error);
    return freeze(ctx);
  }

  return {
    adopt,
    tick,
    importModule,
    makeStash,
    makeContext,
    resetIterations(budget) {
      remaining = budget;
    },
  };
})
`;
