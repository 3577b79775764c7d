package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.linearizability.RegisterCommand.Cas;

/**
 * A plain read/write register: the {@link CasRegisterModel} without compare-and-set. A history
 * holding a swap is a mistake in the test, not a verdict, so it is refused outright.
 */
public final class RegisterModel implements Model<String, RegisterCommand, RegisterResponse> {
  private final CasRegisterModel register = new CasRegisterModel();

  @Override
  public String initialState() {
    return null;
  }

  @Override
  public Step<String, RegisterResponse> step(String value, RegisterCommand command) {
    if (command instanceof Cas) {
      throw new IllegalArgumentException("a plain register has no compare-and-set: " + command);
    }
    return register.step(value, command);
  }

  @Override
  public boolean isReadOnly(RegisterCommand command) {
    return register.isReadOnly(command);
  }

  @Override
  public String describe(String value) {
    return register.describe(value);
  }
}
