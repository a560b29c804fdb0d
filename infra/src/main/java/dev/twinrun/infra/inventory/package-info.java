/** Reads synthesized templates and says what each variant creates and how it bills; entry point {@link dev.twinrun.infra.inventory.TemplateInventory}. */
package dev.twinrun.infra.inventory;
