import type { ApiModel, FunctionConfigurationModel } from '../assembly/stack-model.js';
import type { DataSource } from '../datasources/types.js';
import { loadResolverModule } from '../runtime/load.js';
import type { ResolverModule } from '../runtime/types.js';
import { planStep, type ResolverPlan } from './field-resolver.js';
import type { ResolverCodeRegistry } from './resolver-code.js';

/**
 * Every resolver of the API, compiled and wired to its data sources, keyed `Type.field`; each bundle is registered
 * with `code`, so a replacement reaches every resolver and pipeline step built from it.
 */
export function planResolvers(api: ApiModel, dataSources: Map<string, DataSource>, code: ResolverCodeRegistry): Map<string, ResolverPlan> {
  const dataSource = (name: string) => {
    const found = dataSources.get(name);
    if (!found) throw new Error(`${api.name}: no data source named ${name}`);
    return found;
  };
  // a function shared by several pipelines is compiled once
  const functions = new Map<string, ResolverModule>();
  const functionModule = (fn: FunctionConfigurationModel) => {
    if (!functions.has(fn.id)) functions.set(fn.id, loadResolverModule(fn.code.source, fn.code.file));
    return functions.get(fn.id)!;
  };
  const plans = new Map<string, ResolverPlan>();
  for (const model of api.resolvers) {
    if (model.kind === 'UNIT' && !model.code)
      throw new Error(`${api.name}: unit resolver ${model.typeName}.${model.fieldName} has no code`);
    const module = model.code ? loadResolverModule(model.code.source, model.code.file) : null;
    const steps =
      model.kind === 'UNIT'
        ? [planStep(module!, dataSource(model.dataSourceName!), model)]
        : model.pipeline.map((fn) => planStep(functionModule(fn), dataSource(fn.dataSourceName), fn));
    const plan: ResolverPlan = { model, module, steps };
    plans.set(`${model.typeName}.${model.fieldName}`, plan);
    // where new code for each bundle goes when it is replaced while the engine runs
    if (model.code)
      code.add(model.code.file, model.code.source, (replacement) => {
        plan.module = replacement;
        if (model.kind === 'UNIT') steps[0].module = replacement;
      });
    if (model.kind === 'PIPELINE')
      model.pipeline.forEach((fn, index) => code.add(fn.code.file, fn.code.source, (replacement) => (steps[index].module = replacement)));
  }
  return plans;
}
