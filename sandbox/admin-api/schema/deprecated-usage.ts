import {
  getLocation,
  getNamedType,
  isInputObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";

export interface DeprecatedUsage {
  kind: "field" | "argument" | "inputField" | "enumValue";
  /** Schema coordinate, e.g. `Customer.email`, `Customer.image(size:)`, `CurrencyCode.BYR`. */
  coordinate: string;
  reason: string;
  line: number | undefined;
  column: number | undefined;
}

/** Every deprecated field, argument, input field and enum value that `document` uses in `schema`. */
export function findDeprecatedUsages(schema: GraphQLSchema, document: DocumentNode): DeprecatedUsage[] {
  const usages: DeprecatedUsage[] = [];
  const typeInfo = new TypeInfo(schema);

  const push = (kind: DeprecatedUsage["kind"], coordinate: string, reason: string, start: number | undefined) => {
    const source = document.loc?.source;
    const location = start === undefined || !source ? undefined : getLocation(source, start);
    usages.push({ kind, coordinate, reason, line: location?.line, column: location?.column });
  };

  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field?.deprecationReason != null && parent) {
          push("field", `${parent.name}.${field.name}`, field.deprecationReason, node.loc?.start);
        }
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (argument?.deprecationReason != null) {
          const owner = field && parent ? `${parent.name}.${field.name}` : "@directive";
          push("argument", `${owner}(${argument.name}:)`, argument.deprecationReason, node.loc?.start);
        }
      },
      ObjectField(node) {
        const parentInput = typeInfo.getParentInputType();
        const named = parentInput ? getNamedType(parentInput) : undefined;
        if (named && isInputObjectType(named)) {
          const inputField = named.getFields()[node.name.value];
          if (inputField?.deprecationReason != null) {
            push("inputField", `${named.name}.${inputField.name}`, inputField.deprecationReason, node.loc?.start);
          }
        }
      },
      EnumValue(node) {
        const value = typeInfo.getEnumValue();
        const inputType = typeInfo.getInputType();
        if (value?.deprecationReason != null) {
          const enumName = inputType ? getNamedType(inputType).name : "enum";
          push("enumValue", `${enumName}.${value.name}`, value.deprecationReason, node.loc?.start);
        }
      },
    }),
  );
  return usages;
}
