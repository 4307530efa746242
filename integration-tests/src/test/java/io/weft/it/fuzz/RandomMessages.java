package io.weft.it.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Random;

/**
 * Random protobuf messages of any type, built by reflection from its {@link Descriptor}: each field
 * set or not, values from {@link FuzzValues}, enums including numbers the schema does not know,
 * nested messages to {@value #MAX_DEPTH} levels, repeated and map fields of 0 to 5 entries. And
 * mutations of a valid message: a few of its fields replaced or cleared.
 */
final class RandomMessages {
  static final int MAX_DEPTH = 3;
  private static final int MAX_REPEATED = 5;

  private RandomMessages() {}

  static Message random(Descriptor type, Random random) {
    return random(type, random, 1);
  }

  private static Message random(Descriptor type, Random random, int depth) {
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    for (FieldDescriptor field : type.getFields()) {
      if (random.nextInt(3) == 0 || (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH)) {
        continue;
      }
      if (field.getRealContainingOneof() != null && message.hasOneof(field.getRealContainingOneof())) {
        continue;
      }
      if (field.isRepeated()) {
        int count = random.nextInt(MAX_REPEATED + 1);
        for (int i = 0; i < count; i++) {
          message.addRepeatedField(field, value(field, random, depth));
        }
      } else {
        message.setField(field, value(field, random, depth));
      }
    }
    return message.build();
  }

  /** {@code valid} with 1 to 3 of its fields (at any depth) replaced by random values or cleared. */
  static Message mutate(Message valid, Random random) {
    Message result = valid;
    int mutations = 1 + random.nextInt(3);
    for (int i = 0; i < mutations; i++) {
      result = mutateOnce(result, random, 1);
    }
    return result;
  }

  private static Message mutateOnce(Message message, Random random, int depth) {
    List<FieldDescriptor> fields = message.getDescriptorForType().getFields();
    if (fields.isEmpty()) {
      return message;
    }
    FieldDescriptor field = fields.get(random.nextInt(fields.size()));
    Message.Builder builder = message.toBuilder();
    boolean nestedSet = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
        && message.hasField(field);
    if (nestedSet && depth < MAX_DEPTH && random.nextBoolean()) {
      // Descend, so that a deep field of a valid request changes while the rest stays valid.
      return builder.setField(field, mutateOnce((Message) message.getField(field), random, depth + 1)).build();
    }
    int choice = random.nextInt(3);
    if (choice != 1) {
      builder.clearField(field);
    }
    if (choice == 0) {
      return builder.build();
    }
    // 1: a repeated field gains an element; 2: it holds just the new one
    if (field.isRepeated()) {
      builder.addRepeatedField(field, value(field, random, depth));
    } else {
      builder.setField(field, value(field, random, depth));
    }
    return builder.build();
  }

  private static Object value(FieldDescriptor field, Random random, int depth) {
    return switch (field.getJavaType()) {
      case INT -> FuzzValues.anyInt(random);
      case LONG -> FuzzValues.anyLong(random);
      case FLOAT -> random.nextBoolean() ? Float.NaN : (float) FuzzValues.anyLong(random);
      case DOUBLE -> random.nextBoolean() ? Double.NEGATIVE_INFINITY : (double) FuzzValues.anyLong(random);
      case BOOLEAN -> random.nextBoolean();
      case STRING -> FuzzValues.anyString(random);
      case BYTE_STRING -> ByteString.copyFrom(FuzzValues.anyBytes(random));
      case ENUM -> enumValue(field.getEnumType(), random);
      case MESSAGE -> random(field.getMessageType(), random, depth + 1);
    };
  }

  private static EnumValueDescriptor enumValue(EnumDescriptor type, Random random) {
    if (random.nextInt(4) == 0) {
      // proto3 keeps numbers it does not know; the server sees an UNRECOGNIZED value.
      int unknown = random.nextBoolean() ? -1 : 1000 + random.nextInt(1000);
      return type.findValueByNumberCreatingIfUnknown(unknown);
    }
    List<EnumValueDescriptor> values = type.getValues();
    return values.get(random.nextInt(values.size()));
  }
}
