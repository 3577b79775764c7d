package io.ringstore.core.simulation.linearizability;

import io.ringstore.core.simulation.linearizability.RegisterCommand.Cas;
import io.ringstore.core.simulation.linearizability.RegisterCommand.Read;
import io.ringstore.core.simulation.linearizability.RegisterCommand.Write;
import java.util.Objects;

/**
 * A register with compare-and-set, as a conditional write or a lock record is: the state is the
 * value (null when empty); a swap whose expected value is not the current one changes nothing and
 * answers "not swapped".
 */
public final class CasRegisterModel implements Model<String, RegisterCommand, RegisterResponse> {
  @Override
  public String initialState() {
    return null;
  }

  @Override
  public Step<String, RegisterResponse> step(String value, RegisterCommand command) {
    if (command instanceof Write write) {
      return Step.to(write.value(), RegisterResponse.written());
    }
    if (command instanceof Cas cas) {
      boolean swapped = Objects.equals(value, cas.expected());
      return Step.to(swapped ? cas.update() : value, RegisterResponse.swapped(swapped));
    }
    return Step.to(value, RegisterResponse.value(value));
  }

  @Override
  public boolean isReadOnly(RegisterCommand command) {
    return command instanceof Read;
  }

  @Override
  public String describe(String value) {
    return value == null ? "empty" : value;
  }
}
