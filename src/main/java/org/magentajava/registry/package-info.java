/** {@link org.magentajava.registry.ModelRegistry}: every model family and config, looked up by config name. */
package org.magentajava.registry;
